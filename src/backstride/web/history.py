"""The one place the web app builds the runner's `History` from the store.

Every page and API route that asks the rules goes through `history_for`, so a
change to how history is loaded (a cache, a window) happens here only. The
history is kept per store in a `HistoryCache` and read again after any write
(see `Store.revision`).
"""

from __future__ import annotations

import threading
from weakref import WeakKeyDictionary

from backstride.domain.backcare import History
from backstride.history import HistoryCache
from backstride.store import Store

_caches: WeakKeyDictionary[Store, HistoryCache] = WeakKeyDictionary()
_caches_lock = threading.Lock()


def history_cache(store: Store) -> HistoryCache:
    """The cache of `store`'s history, made on first use and dropped with the store."""
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = HistoryCache()
        return cache


def history_for(store: Store) -> History:
    """Everything the rules look at: activities (no samples), pain, check-ins, shoes, ..."""
    return history_cache(store).get(store)


def diary_for(store: Store) -> History:
    """Only the pain reports and red-flag answers: enough for screening and pain charts,
    without loading ten years of runs."""
    athlete = store.athlete()
    return History(
        pain_reports=tuple(store.pain_reports()),
        red_flag_answers=tuple(store.red_flag_answers()),
        time_zone=athlete.time_zone,
        units=athlete.units,
    )
