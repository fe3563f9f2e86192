"""FIT decoding with Garmin's own SDK: the reference the fast decoder is held to."""

from __future__ import annotations

import hashlib
from typing import Any, cast

import garmin_fit_sdk as fit_sdk

from backstride.domain import Activity
from backstride.ingest.errors import IngestError
from backstride.ingest.fit.common import build_activities


def decode_messages(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Every message of a FIT file (chained files read whole), as the SDK gives them."""
    if len(data) < 12:
        raise IngestError("truncated FIT file: shorter than a FIT header")
    stream = fit_sdk.Stream.from_byte_array(bytearray(data))
    decoder = fit_sdk.Decoder(stream)
    if not decoder.is_fit():
        raise IngestError("not a FIT file: no .FIT signature in the header")
    messages, errors = decoder.read(
        apply_scale_and_offset=True,
        convert_datetimes_to_dates=True,
        convert_types_to_strings=True,
        enable_crc_check=True,
        expand_sub_fields=True,
        expand_components=True,
        merge_heart_rates=False,
    )
    if errors:
        raise IngestError(f"corrupt FIT file: {str(errors[0]).splitlines()[0]}")
    return cast(dict[str, list[dict[str, Any]]], messages)


def parse(data: bytes, source_file: str) -> list[Activity]:
    messages = decode_messages(data)
    file_ids = messages.get("file_id_mesgs", [])
    activities = messages.get("activity_mesgs", [])
    return build_activities(
        sessions=messages.get("session_mesgs", []),
        records=messages.get("record_mesgs", []),
        laps=messages.get("lap_mesgs", []),
        file_id=file_ids[0] if file_ids else None,
        activity=activities[0] if activities else None,
        source_file=source_file,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
