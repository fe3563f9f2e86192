"""The per-runner TOML config: defaults, units, and one clear line per mistake."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_rules_builders import MILE

from backstride.rules import REGISTRY, ConfigError, RulesConfig, load_config
from backstride.rules.config import RuleSettings

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


def test_empty_config_is_every_default() -> None:
    config = load_config("")
    assert config.first_weekday == 0
    ramp = REGISTRY["weekly-ramp"]
    assert config.params(ramp) == {
        "max_increase_m": pytest.approx(2 * MILE),
        "strong_increase_pct": 30,
        # the current level (evidence.md decision 1)
        "down_week_pct": 50,
        "return_1_week_pct": 100,
        "return_2_weeks_pct": 90,
        "return_3_4_weeks_pct": 75,
        "return_5_8_weeks_pct": 50,
    }
    assert config.enabled(ramp)
    assert RulesConfig().params(ramp) == config.params(ramp)


def test_every_default_sits_inside_its_allowed_range() -> None:
    for rule in REGISTRY:
        for param in rule.params:
            assert param.low <= param.default <= param.high, (rule.id, param.name)
        assert rule.source and rule.title


def test_all_seventeen_rules_of_the_evidence_table_are_registered() -> None:
    expected = {
        "shoe-mileage",
        "warm-up",
        "cool-down",
        "run-days",
        "rest-days",
        "weekly-ramp",
        "one-progression",
        "long-run-spike",
        "core",
        "cross-training",
        "pain-during",
        "pain-next-morning",
        "pain-trend",
        "red-flags",
        "hard-days",
        "acwr",
        "monotony",
    }
    assert set(REGISTRY.ids()) == expected


def test_distances_in_km_mi_or_m() -> None:
    ramp = REGISTRY["weekly-ramp"]
    assert (
        load_config("[rules.weekly-ramp]\nmax_increase_km = 3").params(ramp)["max_increase_m"]
        == 3000
    )
    assert load_config("[rules.weekly-ramp]\nmax_increase_mi = 3").params(ramp)[
        "max_increase_m"
    ] == pytest.approx(3 * MILE)
    shoe = REGISTRY["shoe-mileage"]
    assert (
        load_config("[rules.shoe-mileage]\nreplace_at_km = 500").params(shoe)["replace_at_m"]
        == 500_000
    )


def test_disable_a_rule_and_week_start() -> None:
    config = load_config('week_start = "Sunday"\n[rules.acwr]\nenabled = false\n')
    assert config.first_weekday == 6
    assert not config.enabled(REGISTRY["acwr"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[rules.weekly-ramp]\nmax_increase_km = 9",
            "config: rules.weekly-ramp.max_increase_km = 9 is out of range; allowed 1-5 km",
        ),
        (
            "[rules.weekly-ramp]\nmax_increase_mi = 4",
            "config: rules.weekly-ramp.max_increase_mi = 4 is out of range; allowed 0.62-3.11 mi",
        ),
        (
            "[rules.run-days]\nmax_days = 7",
            "config: rules.run-days.max_days = 7 is out of range; allowed 2-6",
        ),
        (
            "[rules.run-days]\nmax_days = 3.5",
            "config: rules.run-days.max_days = 3.5 must be a whole number",
        ),
        (
            '[rules.run-days]\nmax_days = "four"',
            "config: rules.run-days.max_days = 'four' must be a number",
        ),
        (
            "[rules.run-days]\nmax_run_days = 4",
            "config: unknown setting rules.run-days.max_run_days; allowed: enabled, max_days",
        ),
        ("[rules.runs]\nmax_days = 4", "config: unknown rule [rules.runs]; known rules: "),
        ('[rules.acwr]\nenabled = "no"', "config: rules.acwr.enabled = 'no' must be true or false"),
        ('units = "mi"', "config: unknown setting 'units'; allowed: week_start, rules"),
        ('week_start = "someday"', "config: week_start = 'someday' must be a day name"),
        ("[rules.weekly-ramp\n", "config: not valid TOML: "),
        (
            "[rules.long-run-spike]\nwarn_pct = 40\nstrong_pct = 20",
            "config: [rules.long-run-spike] strong_pct (20) must be at least warn_pct (40)",
        ),
        (
            "[rules.weekly-ramp]\nmax_increase_km = 3\nmax_increase_mi = 2",
            "sets max_increase a second time",
        ),
        ("rules = 3", "config: rules must be a table"),
        ("[rules]\nacwr = 1", "config: [rules.acwr] must be a table of settings"),
    ],
)
def test_bad_config_is_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(text)
    line = str(info.value)
    assert "\n" not in line
    assert message in line


@given(st.text(max_size=200))
def test_any_text_is_a_config_or_one_line_error(text: str) -> None:
    try:
        load_config(text)
    except ConfigError as exc:
        assert "\n" not in str(exc)


def test_red_flag_screening_cannot_be_switched_off() -> None:
    """evidence.md decision 3: the red-flags rule is answered and cleared, never disabled;
    the config says so in one line, and the rule counts as on whatever a config holds."""
    with pytest.raises(ConfigError) as refused:
        load_config("[rules.red-flags]\nenabled = false")
    message = str(refused.value)
    assert "\n" not in message and "cannot be switched off" in message
    assert "rules.red-flags" in message
    assert load_config("[rules.red-flags]\nenabled = true").enabled(REGISTRY["red-flags"])
    forced = RulesConfig(0, {"red-flags": RuleSettings(False, {})})
    assert forced.enabled(REGISTRY["red-flags"])
    assert [r.id for r in REGISTRY if r.always_on] == ["red-flags"]


def test_the_shortest_run_is_a_warm_up_setting() -> None:
    """A run is worth its warm-up: 15 minutes of running or 2 km by default, configurable."""
    params = load_config("").params(REGISTRY["warm-up"])
    assert params["min_run_minutes"] == 15 and params["min_run_m"] == 2000
    custom = load_config("[rules.warm-up]\nmin_run_minutes = 20\nmin_run_mi = 1.5")
    assert custom.params(REGISTRY["warm-up"])["min_run_m"] == pytest.approx(1.5 * MILE)
    with pytest.raises(ConfigError, match="out of range"):
        load_config("[rules.warm-up]\nmin_run_minutes = 2")
