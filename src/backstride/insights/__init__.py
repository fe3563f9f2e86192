"""Insights: what goes with the runner's worse back days, with honest uncertainty.

Pure functions over a `History` (no store, no clock, no files). `compute(history, config,
since, until)` returns an `Insights` value that the CLI, the web app and the clinician
report render; `Insights.to_json()` is its documented JSON.
"""

from backstride.insights.cadence import Band, Cadence, CadenceRun, CadenceWeek
from backstride.insights.compute import analyse, compute
from backstride.insights.factors import OUTCOMES, DayTable, Factor, Outcome, build_table
from backstride.insights.model import ASSOCIATION_NOTE, Insight, InsightOptions, Insights
from backstride.insights.stats import Comparison, adjust, compare

__all__ = [
    "ASSOCIATION_NOTE",
    "OUTCOMES",
    "Band",
    "Cadence",
    "CadenceRun",
    "CadenceWeek",
    "Comparison",
    "DayTable",
    "Factor",
    "Insight",
    "InsightOptions",
    "Insights",
    "Outcome",
    "adjust",
    "analyse",
    "build_table",
    "compare",
    "compute",
]
