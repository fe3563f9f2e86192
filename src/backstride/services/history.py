"""Reading the runner's `History`, the one thing the pure core looks at. Reading never
writes: warm-ups and cool-downs are detected when a run is stored, not here.

A long-running reader (the web app) keeps the `History` it loaded in a `HistoryCache`,
which reloads it whenever the store's revision has moved: any write, from this process
or another, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import threading
from datetime import date
from weakref import WeakKeyDictionary

from backstride.domain.activity import Units
from backstride.domain.backcare import History
from backstride.store import Store


def load_history(store: Store, *, until: date | None = None) -> History:
    """Everything the rules look at, up to the local date `until` (default: all).

    The whole past is loaded, not a window: findings must not depend on how far
    back a command looks (the easy pace, the 30-day longest run, the usual pain
    and the load ratios all look back). Activities come without samples.
    """
    athlete = store.athlete()
    activities = store.activities(until=until)
    return History(
        activities=tuple(activities),
        pain_reports=tuple(store.pain_reports()),
        check_ins=tuple(store.check_ins()),
        sessions=tuple(store.sessions()),
        red_flag_answers=tuple(store.red_flag_answers()),
        shoes=tuple(item.as_shoe() for item in store.gear_items() if item.is_shoe),
        routines=tuple(store.routine_records()),
        overrides=tuple(store.run_type_overrides()),
        time_zone=athlete.time_zone,
        units=Units(athlete.units),
    )


def load_diary(store: Store) -> History:
    """Only the pain reports and red-flag answers: enough for the screening and the pain
    chart, without loading ten years of runs."""
    athlete = store.athlete()
    return History(
        pain_reports=tuple(store.pain_reports()),
        red_flag_answers=tuple(store.red_flag_answers()),
        time_zone=athlete.time_zone,
        units=athlete.units,
    )


class HistoryCache:
    """The last `load_history(store)`, kept while the store's revision stays the same.

    The revision is read before the history, so what is kept is never older than
    the revision it is kept under: a write that lands while the history loads
    raises the revision, and the next `get` loads again. One load at a time;
    requests that wait for it then share it.
    """

    def __init__(self, *, keep: bool = True) -> None:
        self._lock = threading.Lock()
        self._revision: int | None = None
        self._history: History | None = None
        self.keep = keep  # False: load on every get, as before the cache (benchmarks compare)
        self.loads = 0  # how many times the history was read from the store

    def get(self, store: Store) -> History:
        """The store's whole history as `load_history(store)` reads it now."""
        if not self.keep:
            self.loads += 1
            return load_history(store)
        revision = store.revision()
        with self._lock:
            if revision is not None and revision == self._revision and self._history is not None:
                return self._history
            history = load_history(store)
            self._revision, self._history = revision, history
            self.loads += 1
            return history


_caches: WeakKeyDictionary[Store, HistoryCache] = WeakKeyDictionary()
_caches_lock = threading.Lock()


def history_cache(store: Store) -> HistoryCache:
    """The cache of `store`'s history, made on first use and dropped with the store."""
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = HistoryCache()
        return cache
