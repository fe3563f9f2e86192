"""How a core value becomes the one shape the shells show: its dataclass fields, by name.

Each model (a finding, the status answer, a plan day, ...) is built from every field
of the core's frozen dataclass, so a field the core adds reaches `--json`, the API and
the templates without a change in any shell: a model declares the fields it documents
(for the OpenAPI schema and for typed use) and carries any others along as extras.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from typing import Any

from pydantic import ConfigDict

# Every shape takes the fields it does not declare along (see the module's docstring).
CARRY_NEW_FIELDS = ConfigDict(extra="allow")


def fields_of(
    value: Any,
    *,
    rename: Mapping[str, str] | None = None,
    skip: Collection[str] = (),
    shape: Callable[[object], object] | None = None,
) -> dict[str, object]:
    """`value`'s dataclass fields by name (some renamed, some left out), each passed
    through `shape` (to turn nested core values into their own shapes)."""
    names = rename or {}
    return {
        names.get(f.name, f.name): shape(getattr(value, f.name))
        if shape
        else getattr(value, f.name)
        for f in dataclasses.fields(value)
        if f.name not in skip
    }
