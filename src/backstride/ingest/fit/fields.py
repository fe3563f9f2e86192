"""Field decoding for the fast FIT reader, compiled from Garmin's own profile.

Each definition message becomes a `Plan`: one precompiled `struct.Struct`
that unpacks only the fields an activity needs (the rest are pad bytes), and
per field what the SDK would do with it: drop the invalid value, scale and
offset, enum name, datetime, sub-field, component expansion, accumulation.
Field names, types, scales and components all come from
`garmin_fit_sdk.profile.Profile`; nothing here is a hand-typed table.

Messages whose fields need only the common steps take `decode_simple`; the
others (sub-fields, arrays, strings, bit-packed components) take
`decode_full`, a line-by-line port of the SDK's own decoding steps.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from garmin_fit_sdk import fit as sdk_fit
from garmin_fit_sdk.profile import Profile

FILE_ID, SESSION, LAP, RECORD, ACTIVITY = 0, 18, 19, 20, 34
TIMESTAMP_FIELD = 253
FIT_EPOCH_S = 631065600

# The fields `fit_common.build_activities` reads, by message; everything that
# leads to them (sub-field references, component sources) is decoded too.
WANTED: dict[int, frozenset[str]] = {
    FILE_ID: frozenset({"type", "manufacturer", "product", "garmin_product", "product_name"}),
    SESSION: frozenset(
        {
            "start_time",
            "timestamp",
            "sport",
            "sub_sport",
            "total_elapsed_time",
            "total_timer_time",
            "avg_running_cadence",
            "avg_cadence",
            "avg_fractional_cadence",
            "avg_heart_rate",
            "max_heart_rate",
            "total_distance",
            "total_ascent",
            "workout_rpe",
            "workout_feel",
        }
    ),
    LAP: frozenset(
        {
            "start_time",
            "timestamp",
            "sport",
            "sub_sport",
            "total_elapsed_time",
            "total_timer_time",
            "total_distance",
            "total_ascent",
            "avg_heart_rate",
            "max_heart_rate",
            "avg_running_cadence",
            "avg_cadence",
            "avg_fractional_cadence",
        }
    ),
    RECORD: frozenset(
        {
            "timestamp",
            "distance",
            "speed",
            "enhanced_speed",
            "heart_rate",
            "cadence",
            "fractional_cadence",
            "altitude",
            "enhanced_altitude",
            "position_lat",
            "position_long",
        }
    ),
    ACTIVITY: frozenset({"timestamp", "local_timestamp"}),
}

BASE_TYPES: dict[int, dict[str, Any]] = sdk_fit.BASE_TYPE_DEFINITIONS
_TYPE_TO_BASE: dict[str, int] = sdk_fit.FIELD_TYPE_TO_BASE_TYPE
_NUMERIC = frozenset(sdk_fit.NUMERIC_FIELD_TYPES)
_TYPES: dict[str, dict[int, str]] = Profile["types"]
_STRING, _BYTE = 0x07, 0x0D

# Kinds of value conversion, cheapest first.
RAW, SCALE, TIME, ENUM, OTHER = range(5)

Accumulators = dict[tuple[int, int], list[int]]
Message = dict[str, Any]
# Expanded components by target name: values, raw values, the target's profile.
Expanded = dict[str, tuple[list[Any], list[int], dict[str, Any]]]


_datetime = datetime.fromtimestamp


def to_datetime(seconds: int) -> datetime:
    """A FIT date_time as the SDK gives it: an aware UTC datetime."""
    return datetime.fromtimestamp((seconds if seconds else 0) + FIT_EPOCH_S, UTC)


@cache
def relevant_fields(mesg_num: int) -> dict[int, dict[str, Any]]:
    """Profile fields of a wanted message that lead to a wanted value."""
    fields: dict[int, dict[str, Any]] = Profile["messages"][mesg_num]["fields"]
    wanted = WANTED[mesg_num]

    def leads(profile: dict[str, Any], seen: frozenset[int]) -> bool:
        if profile["name"] in wanted:
            return True
        for num in profile.get("components", []):
            target = fields.get(num)
            if target is not None and num not in seen and leads(target, seen | {num}):
                return True
        return any(leads(sub, seen) for sub in profile.get("sub_fields", []))

    nums = {num for num, profile in fields.items() if leads(profile, frozenset({num}))}
    for num in list(nums):
        for sub in fields[num]["sub_fields"]:
            nums.update(ref["num"] for ref in sub["map"])
    return {num: fields[num] for num in sorted(nums) if num in fields}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One decoded field of a definition: its profile and how it was written."""

    name: str
    num: int
    profile: dict[str, Any]
    base: dict[str, Any]  # the written base type's definition
    count: int  # elements (1: a scalar)
    array: struct.Struct | None  # unpacks the elements of an array field
    kind: int
    invalid: Any
    scale: float
    offset: float
    names: dict[int, str] | None


@dataclass(frozen=True, slots=True)
class Copy:
    """A component that is the whole source value (speed -> enhanced_speed)."""

    index: int
    invalid: int
    mask: int
    scale: float
    offset: float
    target: str
    target_scale: float
    target_offset: float
    target_invalid: int


@dataclass(slots=True)
class Plan:
    """How to read one local message type."""

    mesg_num: int
    size: int  # bytes after the record header
    unpacker: struct.Struct | None = None  # None: a message we skip by its size
    specs: tuple[FieldSpec, ...] = ()
    simple: bool = True
    copies: tuple[Copy, ...] = ()
    accumulated: tuple[tuple[int, tuple[int, int]], ...] = ()
    timestamp_index: int | None = None  # where field 253 is among the unpacked values
    timestamp: struct.Struct | None = None  # reads field 253 of a skipped message
    fields: dict[int, dict[str, Any]] = field(default_factory=dict)
    # (name, invalid, kind, scale, offset, enum names) per spec, for the fast path
    steps: tuple[tuple[str, Any, int, float, float, dict[int, str] | None], ...] = ()


def _spec(profile: dict[str, Any], size: int, base_id: int, endian: str) -> FieldSpec:
    base = BASE_TYPES[base_id]
    count = size // base["size"]
    ftype = profile["type"]
    names = _TYPES.get(ftype)
    scales, offsets = profile["scale"], profile["offset"]
    scale = scales[0] if scales else 1
    offset = offsets[0] if offsets else 0
    if base_id == _STRING or count != 1:
        kind = OTHER
    elif ftype == "date_time":
        kind = TIME
    elif ftype in _NUMERIC:
        kind = RAW if len(scales) > 1 or (scale == 1 and offset == 0) else SCALE
    elif names is not None:
        kind = ENUM
    else:
        kind = RAW
    array = None
    if count > 1 and base_id != _STRING:
        array = struct.Struct(f"{endian}{count}{base['type_code']}")
    return FieldSpec(
        name=profile["name"],
        num=profile["num"],
        profile=profile,
        base=base,
        count=count,
        array=array,
        kind=kind,
        invalid=base["invalid"],
        scale=scale,
        offset=offset,
        names=names,
    )


def _copy(index: int, spec: FieldSpec, fields: dict[int, dict[str, Any]]) -> Copy | None:
    """The component of `spec` as a plain copy, or None when it needs the full path."""
    profile = spec.profile
    base_id = _TYPE_TO_BASE.get(profile["type"])
    if (
        spec.kind not in (RAW, SCALE)
        or profile["sub_fields"]
        or base_id is None
        or BASE_TYPES[base_id] is not spec.base
        or len(profile["components"]) != 1
        or profile["bits"][0] != spec.base["size"] * 8
    ):
        return None
    target = fields.get(profile["components"][0])
    if target is None or target["is_accumulated"] or target["has_components"]:
        return None
    if _TYPES.get(target["type"]) is not None:
        return None
    target_base = _TYPE_TO_BASE.get(target["type"], target["type"])
    return Copy(
        index=index,
        invalid=spec.invalid,
        mask=(1 << profile["bits"][0]) - 1,
        scale=profile["scale"][0],
        offset=profile["offset"][0],
        target=target["name"],
        target_scale=target["scale"][0],
        target_offset=target["offset"][0],
        target_invalid=BASE_TYPES[target_base]["invalid"] if target_base in BASE_TYPES else 0xFF,
    )


@cache
def compile_plan(
    mesg_num: int, little: bool, definitions: tuple[tuple[int, int, int], ...], extra: int
) -> Plan:
    """A plan for a definition: (field number, size, base type) per field, plus
    `extra` bytes of developer fields that are skipped."""
    endian = "<" if little else ">"
    size = sum(size for _, size, _ in definitions) + extra
    if mesg_num not in WANTED:
        offset = 0
        for num, fsize, base_id in definitions:
            if num == TIMESTAMP_FIELD and fsize == 4 and base_id in (0x06, 0x86, 0x0C, 0x8C):
                return Plan(mesg_num, size, timestamp=struct.Struct(f"{endian}{offset}xI"))
            offset += fsize
        return Plan(mesg_num, size)
    fields = relevant_fields(mesg_num)
    fmt = [endian]
    specs: list[FieldSpec] = []
    for num, fsize, raw_base in definitions:
        base_id = raw_base & sdk_fit.BASE_TYPE_MASK
        profile = fields.get(num)
        if profile is None or base_id not in BASE_TYPES or fsize == 0:
            fmt.append(f"{fsize}x")
            continue
        if fsize % BASE_TYPES[base_id]["size"]:
            base_id = 0x02  # the SDK reads a misaligned field as bytes
        spec = _spec(profile, fsize, base_id, endian)
        fmt.append(f"{fsize}s" if spec.kind == OTHER else spec.base["type_code"])
        specs.append(spec)
    fmt.append(f"{extra}x")
    copies, accumulated = [], []
    simple = True
    timestamp_index = None
    for index, spec in enumerate(specs):
        if spec.num == TIMESTAMP_FIELD and spec.kind == TIME:
            timestamp_index = index
        if spec.profile["is_accumulated"]:
            accumulated.append((index, (mesg_num, spec.num)))
        if spec.kind == OTHER or spec.profile["sub_fields"]:
            simple = False
        elif spec.profile["has_components"]:
            copy = _copy(index, spec, fields)
            if copy is None:
                simple = False
            else:
                copies.append(copy)
    return Plan(
        mesg_num=mesg_num,
        size=size,
        unpacker=struct.Struct("".join(fmt)),
        specs=tuple(specs),
        simple=simple,
        copies=tuple(copies),
        accumulated=tuple(accumulated),
        timestamp_index=timestamp_index,
        fields=fields,
        steps=tuple((s.name, s.invalid, s.kind, s.scale, s.offset, s.names) for s in specs),
    )


def decode_simple(plan: Plan, values: tuple[Any, ...], accumulators: Accumulators) -> Message:
    """A message whose fields need no sub-field, array or bit-level work."""
    message: Message = {}
    for (name, invalid, kind, scale, offset, names), value in zip(plan.steps, values, strict=True):
        if value == invalid:
            continue
        if kind == RAW:
            message[name] = value
        elif kind == SCALE:
            message[name] = (value / scale if scale != 1 else value) - offset
        elif kind == TIME:
            message[name] = _datetime(value + FIT_EPOCH_S if value else FIT_EPOCH_S, UTC)
        else:
            message[name] = names.get(value, value) if names else value
    for index, key in plan.accumulated:
        value = values[index]
        if value != plan.specs[index].invalid:
            accumulators[key] = [int(value), int(value)]
    for copy in plan.copies:
        value = values[copy.index]
        if value == copy.invalid:
            continue
        scaled = (value & copy.mask) / copy.scale - copy.offset
        expanded: float | int | None = int(scaled) if scaled.is_integer() else scaled
        if (scaled + copy.target_offset) * copy.target_scale == copy.target_invalid:
            expanded = None
        message[copy.target] = expanded
    return message


def _raw_value(spec: FieldSpec, value: Any) -> Any:
    """The SDK's raw value of a field, or None when it is invalid."""
    if spec.base["type"] == _STRING:
        text = value.decode("utf-8", errors="ignore").rstrip("\0")
        if not text:
            return None
        parts = text.split("\0")
        return parts[0] if len(parts) == 1 else parts
    invalid = spec.invalid
    if spec.array is not None:
        items = list(spec.array.unpack(value))
        if spec.base["type"] == _BYTE:
            return None if all(item == invalid for item in items) else items
        out = [None if item == invalid else item for item in items]
        return None if all(item is None for item in out) else out
    if spec.count != 1:  # a one-byte field written as a wider type
        return None
    if isinstance(value, bytes):
        value = value[0]
    return None if value == invalid else value


def _transform(profile: dict[str, Any], raw: Any) -> Any:
    """The SDK's value conversion: enum names, scale and offset, datetimes."""
    ftype = profile["type"]
    value = raw
    names = _TYPES.get(ftype)
    if names is not None:
        value = [names.get(v, v) for v in raw] if isinstance(raw, list) else names.get(raw, raw)
    if ftype in _NUMERIC and len(profile["scale"]) <= 1:
        scale = profile["scale"][0] if profile["scale"] else 1
        offset = profile["offset"][0] if profile["offset"] else 0
        if isinstance(raw, list):
            value = [None if v is None else (v / scale if scale != 1 else v) - offset for v in raw]
        else:
            value = (raw / scale if scale != 1 else raw) - offset
    if ftype == "date_time" and isinstance(raw, int):
        value = to_datetime(raw)
    return value


def _bits(raw: Any, width: int) -> tuple[int, int]:
    """The value's bits as one integer, least significant element first, and their count."""
    items = raw if isinstance(raw, list) else [raw]
    mask = (1 << width) - 1
    total = 0
    for position, item in enumerate(items):
        total |= (int(item) & mask) << (position * width)
    return total, width * len(items)


def _expand(
    plan: Plan,
    raw: dict[str, tuple[Any, dict[str, Any]]],
    queue: list[str],
    accumulators: Accumulators,
) -> dict[str, list[Any]]:
    """Component expansion, as the SDK does it (last queued field first)."""
    fields = plan.fields
    expanded: Expanded = {}
    while queue:
        name = queue.pop()
        if name in raw:
            value, profile = raw[name]
        elif name in expanded:
            _, value, profile = expanded[name]
        else:
            continue
        base_id = _TYPE_TO_BASE.get(profile["type"])
        if not profile["has_components"] or base_id is None:
            continue
        invalid = BASE_TYPES[base_id]["invalid"]
        items = value if isinstance(value, list) else [value]
        if all(item == invalid for item in items) or any(item is None for item in items):
            continue
        bits, available = _bits(value, BASE_TYPES[base_id]["size"] * 8)
        for i, num in enumerate(profile["components"]):
            width = profile["bits"][i]
            if available < width:
                break
            piece = bits & ((1 << width) - 1)
            bits >>= width
            available -= width
            target = fields.get(num)
            if target is not None:
                _expand_one(plan, profile, i, target, piece, expanded, queue, accumulators)
            if available <= 0:
                break
    return {name: values for name, (values, _, _) in expanded.items()}


def _expand_one(
    plan: Plan,
    source: dict[str, Any],
    i: int,
    target: dict[str, Any],
    piece: int,
    expanded: Expanded,
    queue: list[str],
    accumulators: Accumulators,
) -> None:
    tbase = _TYPE_TO_BASE.get(target["type"], target["type"])
    invalid = BASE_TYPES[tbase]["invalid"] if tbase in BASE_TYPES else 0xFF
    values, raws, _ = expanded.setdefault(target["name"], ([], [], target))
    value: float = piece
    if target["is_accumulated"]:
        key = (plan.mesg_num, target["num"])
        state = accumulators.setdefault(key, [piece, piece])
        state[0] += (piece - state[1]) & ((1 << source["bits"][i]) - 1)
        state[1] = piece
        value = state[0]
    scaled = value / source["scale"][i] - source["offset"][i]
    number: float = int(scaled) if scaled.is_integer() else scaled
    raw_value = (number + target["offset"][0]) * target["scale"][0]
    raws.append(int(raw_value))
    if raw_value == invalid:
        values.append(None)
    else:
        names = _TYPES.get(target["type"])
        values.append(names.get(number, number) if names else number)  # type: ignore[call-overload]
    if target["has_components"]:
        queue.append(target["name"])


def decode_full(plan: Plan, values: tuple[Any, ...], accumulators: Accumulators) -> Message:
    """Any message: the SDK's steps for reading, sub-fields, components and conversion."""
    raw: dict[str, tuple[Any, dict[str, Any]]] = {}
    with_subs: list[FieldSpec] = []
    queue: list[str] = []
    for spec, value in zip(plan.specs, values, strict=True):
        decoded = _raw_value(spec, value)
        if decoded is None:
            continue
        profile = spec.profile
        raw[spec.name] = (decoded, profile)
        if profile["sub_fields"]:
            with_subs.append(spec)
        if profile["has_components"]:
            queue.append(spec.name)
        if profile["is_accumulated"]:
            for item in decoded if isinstance(decoded, list) else [decoded]:
                if item is not None:
                    accumulators[(plan.mesg_num, spec.num)] = [int(item), int(item)]
    for spec in with_subs:
        for sub in spec.profile["sub_fields"]:
            for ref in sub["map"]:
                reference = raw.get(ref["name"])
                if reference is not None and reference[0] == ref["raw_value"]:
                    original = raw[spec.name][0]
                    copied = list(original) if isinstance(original, list) else original
                    raw[sub["name"]] = (copied, sub)
                    if sub["has_components"]:
                        queue.append(sub["name"])
                    break
    expanded = _expand(plan, raw, queue, accumulators) if queue else {}
    message: Message = {}
    for name, (value, profile) in raw.items():
        converted = _transform(profile, value)
        message[name] = (
            converted[0] if isinstance(converted, list) and len(converted) == 1 else converted
        )
    for name, items in expanded.items():
        message[name] = items[0] if len(items) == 1 else items
    return message
