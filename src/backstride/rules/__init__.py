"""The back-care guardrails: one registry of small, pure rules.

Importing this package registers every built-in rule in `REGISTRY`, then every rule an
installed package offers under the `backstride.rules` entry point (`rules.plugins`): a
clinician's rule is a `Rule` registered the same way, its status section and plan
adaptation data on the rule. `PLUGIN_PROBLEMS` lists, one line each, any that failed.
"""

from backstride.rules import load as _load  # noqa: F401  (registers acwr, monotony)
from backstride.rules import pain as _pain  # noqa: F401
from backstride.rules import redflags as _redflags  # noqa: F401
from backstride.rules import routine as _routine  # noqa: F401
from backstride.rules import volume as _volume  # noqa: F401
from backstride.rules.base import (
    REGISTRY,
    Adaptation,
    AdaptKind,
    Facts,
    Finding,
    Origin,
    Param,
    Period,
    Registry,
    Rule,
    Section,
    Severity,
    Strength,
)
from backstride.rules.config import ConfigError, RulesConfig, load_config
from backstride.rules.engine import Status, check, status
from backstride.rules.plugins import load_plugin_rules
from backstride.rules.redflags import RED_FLAGS, RED_FLAGS_BY_ID, RedFlag

PLUGIN_PROBLEMS: list[str] = load_plugin_rules(REGISTRY)

__all__ = [
    "PLUGIN_PROBLEMS",
    "RED_FLAGS",
    "RED_FLAGS_BY_ID",
    "REGISTRY",
    "AdaptKind",
    "Adaptation",
    "ConfigError",
    "Facts",
    "Finding",
    "Origin",
    "Param",
    "Period",
    "RedFlag",
    "Registry",
    "Rule",
    "RulesConfig",
    "Section",
    "Severity",
    "Status",
    "Strength",
    "check",
    "load_config",
    "status",
]
