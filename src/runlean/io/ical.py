"""iCalendar (RFC 5545) export of planned sessions.

One VEVENT per session. The UID is a stable hash of the plan's identity, the date and the
slot, so importing the file again updates events rather than duplicating them (the same
idea as intervals.icu's ``external_id`` upsert); SEQUENCE lets a changed plan supersede
an earlier import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from runlean.domain import Session

#: Sessions start at this local time (all-day events would hide their duration).
DEFAULT_START_TIME = dt.time(7, 0)


def sessions_to_ical(sessions: Iterable[Session], timezone: str = "UTC", *,
                     sequence: int = 0, stamp: dt.datetime | None = None) -> bytes:
    """Serialise sessions as an RFC 5545 calendar.

    Parameters
    ----------
    sessions
        The planned sessions.
    timezone
        IANA zone of the person; events start at 07:00 local time (+ slot hours).
    sequence
        SEQUENCE of every event (bump it when re-issuing a changed plan).
    stamp
        DTSTAMP (timezone-aware); default now.
    """
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    zone = ZoneInfo(timezone)
    now = stamp or dt.datetime.now(dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//runlean//training plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "runlean plan")
    for s in sessions:
        ev = Event()
        start = dt.datetime.combine(s.date, DEFAULT_START_TIME, tzinfo=zone) \
            + dt.timedelta(hours=2 * s.slot)
        ev.add("uid", s.uid)
        ev.add("dtstamp", now)
        ev.add("sequence", sequence)
        ev.add("dtstart", start)
        ev.add("dtend", start + dt.timedelta(minutes=s.duration_min))
        ev.add("summary", s.title)
        i = s.intensity
        hr = (f"; HR {i.hr_low_bpm:.0f}-{i.hr_high_bpm:.0f} bpm"
              if i.hr_low_bpm is not None and i.hr_high_bpm is not None else "")
        ev.add("description",
               f"{s.description}\nIntensity: RPE {i.rpe_low:g}-{i.rpe_high:g}{hr}\n"
               f"Energy: {s.net_kcal:.0f} kcal net (+{s.epoc_kcal:.0f} EPOC), "
               f"{s.gross_kcal:.0f} kcal gross\nWhy: {s.why}")
        ev.add("categories", [s.kind])
        cal.add_component(ev)
    # RFC 5545 §3.2.19: every TZID used must have its VTIMEZONE in the calendar.
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data
