"""The database: activities, samples, the athlete and their gear, on SQLite or PostgreSQL."""

from backstride.store.errors import StoreError
from backstride.store.location import resolve_url
from backstride.store.store import Store, open_store

__all__ = ["Store", "StoreError", "open_store", "resolve_url"]
