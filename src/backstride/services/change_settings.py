"""Change settings: the runner's name, units and time zone (the store's athlete), and the
week start and rule thresholds (the rules config file); then re-plan.

A threshold is written in the runner's units (`weekly-ramp.max_increase` means miles for
a runner in miles) or with its own (`max_increase_km`); the whole file is validated
before it is replaced, so a mistake leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel

from backstride.domain.activity import Athlete, Units
from backstride.rules import PLUGIN_PROBLEMS, REGISTRY, ConfigError, Rule, RulesConfig
from backstride.services.errors import Invalid
from backstride.services.replan import Replanned, replan
from backstride.services.rules_file import read_rules_document, write_rules_document
from backstride.services.workspace import Workspace
from backstride.store.location import is_time_zone
from backstride.training.days import WEEKDAYS
from backstride.units import metres_per_unit

DISTANCE_SUFFIXES = ("_m", "_km", "_mi")


@dataclass(frozen=True)
class SettingsChanged:
    config: RulesConfig  # the rules config now in force
    replanned: Replanned


def _rule(rule_id: str, key: str) -> Rule:
    found = next((r for r in REGISTRY if r.id == rule_id), None)
    if found is None:
        raise Invalid(
            f"unknown setting {key!r}: write week_start or RULE.SETTING, such as "
            "weekly-ramp.max_increase_mi",
            f"values.{key}",
        )
    return found


def setting_key(key: str, units: Units) -> tuple[str, str]:
    """'weekly-ramp.max_increase' -> ('weekly-ramp', 'max_increase_mi') for a runner in
    miles: the rule and the file's key; a bare distance is in the runner's units."""
    rule_id, _, name = key.removeprefix("rules.").rpartition(".")
    rule = _rule(rule_id, key)
    distance = next((p for p in rule.params if p.distance and p.name == name), None)
    return rule.id, f"{name}_{units.value}" if distance is not None else name


def _week_start(text: str) -> str:
    day = text.strip().lower()
    if day not in WEEKDAYS:
        raise Invalid(f"week_start {text!r} must be a day name such as monday", "week_start")
    return day


def _write(ws: Workspace, document: dict[str, object], fields: list[str]) -> SettingsChanged:
    try:
        config = write_rules_document(ws.rules_path, document)
    except ConfigError as exc:
        field = next((f"values.{f}" for f in fields if f in str(exc)), None)
        raise Invalid(f"{exc} (nothing was changed)", field) from None
    ws.changed(rules=config)
    return SettingsChanged(config, replan(ws, config, settings_changed=True))


def _rules_table(document: dict[str, object]) -> dict[str, dict[str, object]]:
    rules = document.setdefault("rules", {})
    assert isinstance(rules, dict)
    return rules


def set_rules(
    ws: Workspace,
    *,
    week_start: str | None = None,
    values: Mapping[str, float] | None = None,
    enabled: Mapping[str, bool] | None = None,
) -> SettingsChanged:
    """Set the week start, thresholds (`{"RULE.SETTING": value}`) and which rules are
    checked; validate the whole file, replace it, then re-plan."""
    units = ws.athlete().units
    document = read_rules_document(ws.rules_path)
    if week_start is not None:
        document["week_start"] = _week_start(week_start)
    rules = _rules_table(document)
    for key, value in (values or {}).items():
        rule_id, name = setting_key(key, units)
        table = rules.setdefault(rule_id, {})
        stem = next((name.removesuffix(s) for s in DISTANCE_SUFFIXES if name.endswith(s)), None)
        if stem is not None and any(
            p.name == stem and p.distance for p in REGISTRY[rule_id].params
        ):
            for suffix in DISTANCE_SUFFIXES:  # one unit per distance: drop the others
                table.pop(stem + suffix, None)
        table[name] = value
    for rule_id, on in (enabled or {}).items():
        rule = _rule(rule_id, rule_id)
        if rule.always_on and not on:
            raise Invalid(
                f"{rule.id} cannot be switched off: answer its questions, and record a "
                "clinician's clearance to clear a yes (nothing was changed)",
                f"enabled.{rule.id}",
            )
        table = rules.setdefault(rule.id, {})
        if on:
            table.pop("enabled", None)
        else:
            table["enabled"] = False
    return _write(ws, document, list(values or {}))


def unset_setting(ws: Workspace, key: str) -> SettingsChanged:
    """Back to the default: `week_start`, one `RULE.SETTING` or a whole `RULE`."""
    document = read_rules_document(ws.rules_path)
    if key == "week_start":
        document.pop("week_start", None)
    else:
        rules = _rules_table(document)
        whole = key.removeprefix("rules.")
        if any(r.id == whole for r in REGISTRY):
            rules.pop(whole, None)
        else:
            rule_id, _, name = whole.rpartition(".")
            table = rules.get(_rule(rule_id, key).id, {})
            for variant in (name, *(name + s for s in DISTANCE_SUFFIXES)):
                table.pop(variant, None)
    return _write(ws, document, [])


@dataclass(frozen=True)
class ProfileChanged:
    athlete: Athlete
    replanned: Replanned


def change_profile(
    ws: Workspace,
    *,
    name: str | None = None,
    units: Units | None = None,
    time_zone: str | None = None,
) -> ProfileChanged:
    """Change the runner's name, units or time zone (days and weeks follow the zone), then
    re-plan."""
    if time_zone is not None and not is_time_zone(time_zone):
        raise Invalid(
            f"unknown time zone {time_zone!r}: use an IANA name like Europe/Paris", "time_zone"
        )
    if name is not None and not name.strip():
        raise Invalid("the name cannot be empty", "name")
    athlete = ws.store.update_athlete(name=name, units=units, time_zone=time_zone)
    ws.changed(athlete=athlete)
    return ProfileChanged(athlete, replan(ws))


# -- the thresholds as the runner reads and edits them ------------------------------------


class ParamOut(BaseModel):
    """One threshold in the runner's units, with its range and what it means."""

    key: str  # what the settings form and the API call it: "<rule>.<setting>"
    setting: str  # the file's key, e.g. max_increase_km
    label: str
    value: float
    default: float
    low: float
    high: float
    step: float  # 1 for whole numbers, 0 for any
    unit: str  # km or mi for a distance, else ""
    note: str

    def shown(self, value: float) -> str:
        """A value as the runner reads it: a distance to a sensible precision
        (250 mi, 3.2 km, 0.62 mi), anything else as it is."""
        if not self.unit:
            return f"{value:g}"
        digits = 0 if abs(value) >= 20 else 1 if abs(value) >= 2 else 2
        return f"{round(value, digits):g}"


class RuleSettingsOut(BaseModel):
    rule: str
    title: str
    enabled: bool
    always_on: bool = False  # cannot be switched off (red-flag screening)
    note: str
    source: str
    strength: str
    params: list[ParamOut]


class ConfigOut(BaseModel):
    week_start: str
    rules: list[RuleSettingsOut]
    plugin_problems: list[str] = []  # outside rules that could not be loaded, one line each


def _round(value: float) -> float:
    return float(f"{value:.4g}")


def rule_settings(rule: Rule, config: RulesConfig, units: Units) -> RuleSettingsOut:
    """A rule with its thresholds as they apply now, in the runner's units."""
    factor = metres_per_unit(units)
    params = config.params(rule)
    shown = []
    for p in rule.params:
        scale = factor if p.distance else 1.0
        setting = f"{p.name}_{units.value}" if p.distance else p.name
        shown.append(
            ParamOut(
                key=f"{rule.id}.{setting}",
                setting=setting,
                label=p.name.replace("_", " "),
                value=_round(params[p.key] / scale),
                default=_round(p.default / scale),
                low=_round(p.low / scale),
                high=_round(p.high / scale),
                step=1.0 if p.integer else 0.0,
                unit=units.value if p.distance else "",
                note=p.help,
            )
        )
    return RuleSettingsOut(
        rule=rule.id,
        title=rule.title,
        enabled=config.enabled(rule),
        always_on=rule.always_on,
        note=rule.note,
        source=rule.source,
        strength=rule.strength.value,
        params=shown,
    )


def config_out(config: RulesConfig, units: Units) -> ConfigOut:
    """The week start and every rule's thresholds, in the runner's units."""
    return ConfigOut(
        week_start=WEEKDAYS[config.first_weekday],
        rules=[rule_settings(rule, config, units) for rule in REGISTRY],
        plugin_problems=list(PLUGIN_PROBLEMS),
    )
