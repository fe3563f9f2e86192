"""The one place the web app builds the runner's `History` from the store.

Every page and API route that asks the rules goes through `history_for`, so a
change to how history is loaded (a cache, a window) happens here only.
"""

from __future__ import annotations

from backstride.domain.backcare import History
from backstride.history import load_history
from backstride.store import Store


def history_for(store: Store) -> History:
    """Everything the rules look at: activities (no samples), pain, check-ins, shoes, ..."""
    return load_history(store)


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
