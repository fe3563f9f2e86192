"""The settings' JSON; the thresholds are `services.change_settings.ConfigOut`."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from backstride.domain.activity import Athlete, Units


@cache
def time_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows."""
    return frozenset(available_timezones())


def is_time_zone(name: str) -> bool:
    return name in time_zones()


class SettingsOut(BaseModel):
    name: str
    units: Units
    time_zone: str

    @classmethod
    def of(cls, athlete: Athlete) -> SettingsOut:
        return cls(name=athlete.name, units=athlete.units, time_zone=athlete.time_zone)


class SettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    units: Units | None = None
    time_zone: str | None = Field(None, max_length=64, examples=["Europe/Paris"])

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not is_time_zone(value):
            raise ValueError(f"unknown time zone {value!r}: use an IANA name like Europe/Paris")
        return value


class ConfigIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    week_start: (
        Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] | None
    ) = None
    values: dict[Annotated[str, StringConstraints(max_length=80)], float] = Field(
        default_factory=dict,
        max_length=100,
        examples=[{"weekly-ramp.max_increase_km": 3, "run-days.max_days": 4}],
        description="RULE.SETTING -> value; distances with _km or _mi in the key, or your units",
    )
    enabled: dict[Annotated[str, StringConstraints(max_length=40)], bool] = Field(
        default_factory=dict, max_length=50
    )
