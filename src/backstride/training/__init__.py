"""Training facts from raw activities: local days, weeks, run types, routines, load."""

from backstride.training.classify import (
    ClassifyOptions,
    classify_run,
    easy_speed_m_s,
    speed_seconds,
)
from backstride.training.days import local_date, to_local_date, week_start_of
from backstride.training.routines import RoutineDetected, detect_cool_down, detect_warm_up
from backstride.training.weekly import (
    RunFact,
    TrainingLog,
    WeekFigures,
    longest_run_before,
    training_days,
    weekly_figures,
)

__all__ = [
    "ClassifyOptions",
    "RoutineDetected",
    "RunFact",
    "TrainingLog",
    "WeekFigures",
    "classify_run",
    "detect_cool_down",
    "detect_warm_up",
    "easy_speed_m_s",
    "local_date",
    "longest_run_before",
    "speed_seconds",
    "to_local_date",
    "training_days",
    "week_start_of",
    "weekly_figures",
]
