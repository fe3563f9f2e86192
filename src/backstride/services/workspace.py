"""What every use case works on: one runner's store, their rules file and their clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from backstride import clock
from backstride.domain.activity import Athlete
from backstride.domain.backcare import History
from backstride.rules import RulesConfig
from backstride.services.history import HistoryCache, load_diary, load_history
from backstride.services.rules_file import read_rules_config
from backstride.store import Store
from backstride.store.location import config_path


@dataclass
class Workspace:
    """One runner's data as the shells hand it to a use case.

    The command line makes one per command; the web app one per request, sharing the
    app's `HistoryCache` and the request's idea of today (a test may pin it).
    """

    store: Store
    rules_path: Path
    histories: HistoryCache | None = None
    pinned_today: date | None = None
    _athlete: Athlete | None = field(default=None, repr=False)
    _rules: RulesConfig | None = field(default=None, repr=False)
    _history: tuple[int | None, History] | None = field(default=None, repr=False)

    @classmethod
    def of(
        cls, store: Store, *, histories: HistoryCache | None = None, today: date | None = None
    ) -> Workspace:
        """The workspace of `store`: its rules file is the one `config_path` names."""
        return cls(store, config_path(store.url), histories, today)

    def athlete(self) -> Athlete:
        """The runner's name, units and time zone (read once per workspace)."""
        if self._athlete is None:
            self._athlete = self.store.athlete()
        return self._athlete

    def today(self) -> date:
        """Today on the runner's clock, in their time zone."""
        return self.pinned_today or clock.today(self.athlete().time_zone)

    def now(self) -> datetime:
        """This moment (UTC), read in the runner's time zone."""
        return clock.now_utc(self.athlete().time_zone)

    def rules(self) -> RulesConfig:
        """The runner's rules config (read once per workspace): every default without a
        file; `ConfigError` (one line naming the file) when it cannot be used."""
        if self._rules is None:
            self._rules = read_rules_config(self.rules_path)
        return self._rules

    def changed(self, *, athlete: Athlete | None = None, rules: RulesConfig | None = None) -> None:
        """What a use case just wrote: later reads in this workspace see it."""
        self._athlete = athlete or self._athlete
        self._rules = rules or self._rules

    def forget(self) -> None:
        """Everything was replaced (a restore, a delete): read it all again."""
        self._athlete = self._rules = self._history = None

    def history(self) -> History:
        """Everything the rules look at, as it is now: read again only after a write (a use
        case reads it before and after writing, and to re-plan), and from the app's cache
        when there is one."""
        revision = self.store.revision()
        if self._history is not None and revision is not None and self._history[0] == revision:
            return self._history[1]
        if self.histories is not None:
            history = self.histories.get(self.store)
        else:
            history = load_history(self.store)
        self._history = (revision, history)
        return history

    def diary(self) -> History:
        """Only the pain reports and red-flag answers (see `load_diary`)."""
        return load_diary(self.store)
