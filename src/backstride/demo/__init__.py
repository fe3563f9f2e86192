"""A realistic sample history that backstride makes itself, for the demo and the tests."""

from backstride.demo.export import write_strava_export
from backstride.demo.history import DemoRun, demo_runs

__all__ = ["DemoRun", "demo_runs", "write_strava_export"]
