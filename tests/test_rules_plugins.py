"""Rules from installed packages: a clinician's rule declared as a `backstride.rules` entry
point is found through importlib.metadata (a real distribution on sys.path, as pip would
install it), registered like the built-ins, grouped on the status screen by its declared
section, and a package that fails to load is skipped with one line."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from test_rules_builders import MONDAY, history, run

from backstride.rules import REGISTRY, Section, Severity, check, load_config, status
from backstride.rules.plugins import GROUP, load_plugin_rules

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

RULES_MODULE = """
from backstride.rules import (
    Adaptation, AdaptKind, Origin, Param, Period, Rule, Section, Severity, Strength,
)


def _short_nights(facts, p, period):
    out = []
    for c in facts.history.check_ins:
        if period.holds(c.on) and c.sleep_hours is not None and c.sleep_hours < p["min_hours"]:
            out.append(SHORT_NIGHTS.finding(
                f"{c.sleep_hours:g} h of sleep; at least {p['min_hours']:g}",
                {"sleep_hours": c.sleep_hours}, on=c.on))
    return out


def _today(facts, p, today):
    return _short_nights(facts, p, Period(today, today))


SHORT_NIGHTS = Rule(
    id="short-nights",
    title="Short nights",
    severity=Severity.HOLD,
    params=(Param("min_hours", 6, 4, 9, "shortest night before a run"),),
    origin=Origin.PRACTICE,
    source="Dr Example, clinic protocol",
    strength=Strength.EXPERT_OPINION,
    evaluate=_short_nights,
    predict=_today,
    section=Section.PAIN,
    adaptation=Adaptation(AdaptKind.HOLD_PROGRESSION),
)


def broken():
    raise RuntimeError("the clinic's server is down")
"""


@pytest.fixture()
def clinic_package(tmp_path: Path) -> Iterator[Path]:
    """A distribution on sys.path, the way an installed package sits in site-packages."""
    (tmp_path / "clinic_rules.py").write_text(textwrap.dedent(RULES_MODULE))
    info = tmp_path / "clinic_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: clinic-rules\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        f"[{GROUP}]\nshort-nights = clinic_rules:SHORT_NIGHTS\nbroken = clinic_rules:broken\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("clinic_rules", None)


def test_a_clinicians_rule_loads_by_entry_point_like_the_built_ins(clinic_package: Path) -> None:
    from backstride.domain.backcare import CheckIn

    found = [e.name for e in entry_points(group=GROUP)]
    assert {"short-nights", "broken"} <= set(found)
    registry = REGISTRY.copy()
    problems = load_plugin_rules(registry)
    assert "short-nights" in registry and "short-nights" not in REGISTRY
    assert len(problems) == 1 and "broken" in problems[0] and "server is down" in problems[0]
    assert "\n" not in problems[0]
    rule = registry["short-nights"]
    assert rule.section is Section.PAIN and rule.adaptation is not None
    h = history(run(MONDAY, 5), check_ins=(CheckIn(MONDAY, sleep_hours=5),))
    findings = [f for f in check(h, None, MONDAY, MONDAY, registry) if f.rule == "short-nights"]
    assert [f.severity for f in findings] == [Severity.HOLD]
    config = load_config("[rules.short-nights]\nmin_hours = 4.5", registry)
    assert not [f for f in check(h, config, MONDAY, MONDAY, registry) if f.rule == "short-nights"]
    today = status(h, None, MONDAY, registry)
    assert [f.rule for f in today.pain] == ["short-nights"]  # its declared section
    assert "short-nights" not in [f.rule for f in today.this_week]
    assert today.severity is Severity.HOLD
    # the same package twice: the second registration is refused, in one line
    again = load_plugin_rules(registry)
    assert any("already registered" in p for p in again)
