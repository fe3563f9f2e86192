"""The thresholds the generator and adaptation honour, read from the rules config."""

from __future__ import annotations

from dataclasses import dataclass

from backstride.rules import REGISTRY, RulesConfig
from backstride.rules.volume import return_factors
from backstride.training.level import ReturnFactors


@dataclass(frozen=True)
class Limits:
    max_run_days: int
    min_rest_days: int
    ramp_m: float
    spike_pct: float
    core_min: int
    cross_min: int
    distance_up_m: float  # one-progression: a rise above this counts as 'up'
    speed_up_min: float
    warm_up_min: float
    cool_down_min: float
    pain_during_max: float
    factors: ReturnFactors  # the current level's down-week and return thresholds
    min_run_s: float = 900.0  # a run worth its warm-up: this long running ...
    min_run_m: float = 2000.0  # ... or this far

    @property
    def run_days_allowed(self) -> int:
        """Run days a week the run-days and rest-days rules leave."""
        return max(1, min(self.max_run_days, 7 - self.min_rest_days))

    def shortest_run_m(self, easy_speed_m_s: float) -> float:
        """The shortest run worth its warm-up at this easy speed: whichever of the two
        minimums (time or distance) comes first."""
        return min(self.min_run_m, self.min_run_s * easy_speed_m_s)

    def long_enough(self, metres: float, seconds: float) -> bool:
        return metres >= self.min_run_m - 1e-6 or seconds >= self.min_run_s - 1e-6

    @classmethod
    def of(cls, config: RulesConfig | None) -> Limits:
        config = config or RulesConfig()

        def p(rule: str, key: str) -> float:
            return config.params(REGISTRY[rule])[key]

        return cls(
            max_run_days=int(p("run-days", "max_days")),
            min_rest_days=int(p("rest-days", "min_days")),
            ramp_m=p("weekly-ramp", "max_increase_m"),
            spike_pct=p("long-run-spike", "warn_pct"),
            core_min=int(p("core", "min_sessions")),
            cross_min=int(p("cross-training", "min_sessions")),
            distance_up_m=p("one-progression", "min_distance_increase_m"),
            speed_up_min=p("one-progression", "min_speed_increase_min"),
            warm_up_min=p("warm-up", "min_minutes"),
            cool_down_min=p("cool-down", "min_minutes"),
            pain_during_max=p("pain-during", "max_score"),
            factors=return_factors(config.params(REGISTRY["weekly-ramp"])),
            min_run_s=p("warm-up", "min_run_minutes") * 60.0,
            min_run_m=p("warm-up", "min_run_m"),
        )
