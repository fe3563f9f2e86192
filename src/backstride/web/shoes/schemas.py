"""What the Shoes page and its API take (SI units in JSON)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from backstride.services.manage_shoes import NAME_LENGTH


class GearIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    kind: str = Field("shoe", pattern="^(shoe|brace|socks|insoles|other)$")
    start_distance_m: float = Field(0.0, ge=0, le=10_000_000, description="Already run in them")
    replace_at_m: float | None = Field(None, description="Their own replacement distance")
    default: bool = Field(False, description="New runs without shoes get them")


class GearEditIn(BaseModel):
    """What to change; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=NAME_LENGTH, description="Rename")
    replace_at_m: float | None = None
    default_replace_at: bool = Field(False, description="Back to the rule's distance")
    start_distance_m: float | None = Field(None, ge=0, le=10_000_000)
    retired: bool | None = None
    default: bool | None = None
    worn: bool | None = Field(None, description="Worn out now (replace them), or not")


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    activity_ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        default_factory=list, max_length=10_000
    )
    since: dt.date | None = None
    until: dt.date | None = None
    only_without_shoes: bool = False


class AssignedOut(BaseModel):
    name: str
    changed: int
