"""The database: activities, samples, the athlete, their gear and their back care,
on SQLite or PostgreSQL."""

from backstride.store.backcare import RoutineLog
from backstride.store.errors import AlreadyImported, InputError, StoreError
from backstride.store.gear import GearItem
from backstride.store.location import resolve_url
from backstride.store.store import Store, open_store

__all__ = [
    "AlreadyImported",
    "GearItem",
    "InputError",
    "RoutineLog",
    "Store",
    "StoreError",
    "open_store",
    "resolve_url",
]
