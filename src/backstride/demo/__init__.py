"""A realistic sample history that backstride makes itself, for the demo and the tests."""

from backstride.demo.diary import DemoDiary, DemoPain, demo_diary, save_diary
from backstride.demo.export import write_strava_export
from backstride.demo.history import DemoRun, demo_runs

__all__ = [
    "DemoDiary",
    "DemoPain",
    "DemoRun",
    "demo_diary",
    "demo_runs",
    "save_diary",
    "write_strava_export",
]
