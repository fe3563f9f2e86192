"""Rules from installed packages, loaded by entry point (the way Datasette loads plugins).

A clinician's package declares, in its pyproject.toml,

    [project.entry-points."backstride.rules"]
    sleep-debt = "clinic_rules:SLEEP_DEBT"

where `SLEEP_DEBT` is a `Rule` (or a sequence of rules, or a function returning either).
It is registered exactly as the built-in rules are: one `Registry.register`, with its
id, defaults, source, section on the status screen and adaptation of the plan as data.
A package that cannot be loaded is skipped with one line saying which and why; the
built-in rules are never affected.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points

from backstride.rules.base import REGISTRY, Registry, Rule

GROUP = "backstride.rules"


def _rules_of(entry: EntryPoint) -> list[Rule]:
    loaded = entry.load()
    if callable(loaded) and not isinstance(loaded, Rule):
        loaded = loaded()
    found = [loaded] if isinstance(loaded, Rule) else list(loaded)
    wrong = [type(r).__name__ for r in found if not isinstance(r, Rule)]
    if wrong:
        raise TypeError(f"{entry.value} gives a {wrong[0]}, not a backstride Rule")
    return found


def load_plugin_rules(
    registry: Registry = REGISTRY, entries: Iterable[EntryPoint] | None = None
) -> list[str]:
    """Register every rule the installed packages offer; the problems, one line each."""
    problems = []
    for entry in entries if entries is not None else entry_points(group=GROUP):
        try:
            rules = _rules_of(entry)
            for rule in rules:
                registry.register(rule)
        except Exception as exc:  # a plugin's own code: any error, reported, never fatal
            problems.append(f"rule plugin {entry.name!r} ({entry.value}) skipped: {exc}")
    return problems
