"""The run-walk programme for a runner with no base, in the manner of NHS Couch to 5K.

Three sessions a week of timed running and walking after a brisk five-minute walk, the
running share growing week by week until 30 minutes of running (NHS Couch to 5K, nine
weeks; the intervals below are its published schedule). Each session must still keep
every rule: the long-run spike (a session's distance counts its walking, as a watch
records it) and the weekly ramp; a session that would break one repeats the one before,
so the programme takes a little longer rather than break a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backstride.domain.backcare import RunType
from backstride.plan.model import PlanSession, WalkRun
from backstride.plan.sessions import (
    WeekContext,
    fit_walk_run,
    walk_run_metres,
    walk_run_session,
)

M = 60.0  # a minute


def _even(reps: int, run_s: float, walk_s: float) -> WalkRun:
    return WalkRun(tuple((run_s, walk_s) for _ in range(reps)))


def _run(minutes: float) -> WalkRun:
    return WalkRun(((minutes * M, 0.0),))


# week by week, three sessions each (NHS Couch to 5K)
WEEKS: tuple[tuple[WalkRun, WalkRun, WalkRun], ...] = (
    (_even(8, 1 * M, 1.5 * M),) * 3,
    (_even(6, 1.5 * M, 2 * M),) * 3,
    (WalkRun(((1.5 * M, 1.5 * M), (3 * M, 3 * M), (1.5 * M, 1.5 * M), (3 * M, 0.0))),) * 3,
    (WalkRun(((3 * M, 1.5 * M), (5 * M, 2.5 * M), (3 * M, 1.5 * M), (5 * M, 0.0))),) * 3,
    (
        WalkRun(((5 * M, 3 * M), (5 * M, 3 * M), (5 * M, 0.0))),
        WalkRun(((8 * M, 5 * M), (8 * M, 0.0))),
        _run(20),
    ),
    (
        WalkRun(((5 * M, 3 * M), (8 * M, 3 * M), (5 * M, 0.0))),
        WalkRun(((10 * M, 3 * M), (10 * M, 0.0))),
        _run(25),
    ),
    (_run(25),) * 3,
    (_run(28),) * 3,
    (_run(30),) * 3,
)
SESSIONS: tuple[WalkRun, ...] = tuple(s for week in WEEKS for s in week)
PER_WEEK = 3


def running_week_m(index: int, easy_speed_m_s: float) -> float:
    """The running distance (walking left out) of a programme week starting at `index`."""
    picked = [SESSIONS[min(i, len(SESSIONS) - 1)] for i in range(index, index + PER_WEEK)]
    return sum(s.run_s for s in picked) * easy_speed_m_s


def start_index(
    running_week_m_at_most: float | None, longest_run_s: float, easy_speed_m_s: float
) -> int:
    """Where to join the programme: the first session of the last programme week whose
    running is within `running_week_m_at_most` (the runner's base; None: none), and whose
    longest stretch of running is at most half the longest recent run."""
    if running_week_m_at_most is None:
        return 0
    best = 0
    for i, s in enumerate(SESSIONS):
        if i % PER_WEEK:
            continue
        week_run_m = running_week_m(i, easy_speed_m_s)
        if week_run_m <= running_week_m_at_most + 1e-6 and s.longest_run_s <= longest_run_s / 2:
            best = i
    return best


@dataclass(frozen=True)
class ProgrammeWeek:
    sessions: tuple[PlanSession, ...]
    next_index: int  # the next programme session to do; len(SESSIONS): the programme is done


def bridge(
    walk: WalkRun, before: WalkRun, cap_m: float, easy_speed_m_s: float, min_s: float
) -> WalkRun:
    """`walk` shortened from its end to fit `cap_m` (its last stretch of running cut,
    then whole intervals dropped); `before` when what fits runs no more than it did, or
    is shorter than the shortest session (`min_s`)."""
    intervals = list(walk.intervals)
    while intervals:
        over = walk_run_metres(WalkRun(tuple(intervals)), easy_speed_m_s) - cap_m
        if over <= 1e-6:
            break
        run_s, walk_s = intervals[-1]
        cut = over / easy_speed_m_s
        if run_s - cut >= M:
            intervals[-1] = (float(int(run_s - cut)), walk_s)
            break
        intervals.pop()
        if intervals:
            intervals[-1] = (intervals[-1][0], 0.0)
    fitted = WalkRun(tuple(intervals))
    if not intervals or fitted.run_s <= before.run_s + 1e-6 or fitted.total_s < min_s - 1e-6:
        return before
    return fitted


def programme_week(
    ctx: WeekContext,
    days: list[date],
    index: int,
    cap_for: dict[date, float],
    budget_m: float | None,
    hold: bool,
) -> ProgrammeWeek:
    """The week's sessions on `days`, from programme session `index` on.

    A session whose distance passes its day's spike cap (`cap_for`), or that would take
    the week past `budget_m` (the weekly ramp), repeats the one done before instead; on
    hold, every session repeats the last one done.
    """

    v = ctx.easy_speed_m_s
    spike = 1 + ctx.limits.spike_pct / 100
    before_i = max(0, min(index, len(SESSIONS)) - 1)
    before = SESSIONS[before_i]
    fallback = before  # the last session before this week: repeating it always fits
    nxt = index
    picked: list[tuple[int, WalkRun]] = []  # (programme session index, the session)
    picked_days: list[date] = []
    for k, day in enumerate(days):
        # the spike cap counts this week's sessions so far too (they are in its 30 days)
        this_week = [walk_run_metres(w, v) * spike for _, w in picked]
        room = cap_for[day]
        if this_week:
            room = max(this_week) if room == float("inf") else max(room, *this_week)
        if budget_m is not None:
            used = sum(walk_run_metres(w, v) for _, w in picked)
            later = (len(days) - k - 1) * walk_run_metres(fallback, v)
            room = min(room, budget_m - used - later)
        if hold or nxt >= len(SESSIONS):
            choice = (before_i, before)
        elif nxt == 0 or walk_run_metres(SESSIONS[nxt], v) <= room + 1e-6:
            choice = (nxt, SESSIONS[nxt])
            nxt += 1
        else:
            # a step towards it that fits
            bridged = bridge(SESSIONS[nxt], before, room, v, ctx.limits.min_run_s)
            choice = (nxt if bridged is not before else before_i, bridged)
        if walk_run_metres(choice[1], v) > room + 1e-6:
            if walk_run_metres(fallback, v) <= room + 1e-6:
                choice = (max(0, index - 1), fallback)
            else:  # the shortest run-walk that fits; else a day off running
                fitted = fit_walk_run(room, v, ctx.limits.min_run_s)
                if fitted is None:
                    continue
                choice = (max(0, index - 1), fitted)
        picked.append(choice)
        picked_days.append(day)
        before_i, before = choice
    days = picked_days
    distances = [walk_run_metres(w, v) for _, w in picked]
    longest = max(distances, default=0.0)
    out = []
    for day, (i, walk), metres in zip(days, picked, distances, strict=True):
        long_day = day.weekday() == ctx.long_weekday
        is_long = walk.continuous and long_day and metres >= longest - 1e-6
        note = f"run-walk programme, week {i // PER_WEEK + 1}"
        out.append(
            walk_run_session(ctx, day, walk, note, RunType.LONG if is_long else RunType.EASY)
        )
    return ProgrammeWeek(tuple(out), nxt)
