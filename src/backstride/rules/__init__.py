"""The back-care guardrails: one registry of small, pure rules.

Importing this package registers every built-in rule in `REGISTRY`. A
clinician's rule is a `Rule` registered the same way.
"""

from backstride.rules import load as _load  # noqa: F401  (registers acwr, monotony)
from backstride.rules import pain as _pain  # noqa: F401
from backstride.rules import redflags as _redflags  # noqa: F401
from backstride.rules import routine as _routine  # noqa: F401
from backstride.rules import volume as _volume  # noqa: F401
from backstride.rules.base import (
    REGISTRY,
    Facts,
    Finding,
    Origin,
    Param,
    Period,
    Registry,
    Rule,
    Severity,
    Strength,
)
from backstride.rules.config import ConfigError, RulesConfig, load_config
from backstride.rules.engine import Status, check, status
from backstride.rules.redflags import RED_FLAGS, RED_FLAGS_BY_ID, RedFlag

__all__ = [
    "RED_FLAGS",
    "RED_FLAGS_BY_ID",
    "REGISTRY",
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
    "Severity",
    "Status",
    "Strength",
    "check",
    "load_config",
    "status",
]
