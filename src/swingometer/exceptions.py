"""Exceptions raised by swingometer.

Every error swingometer raises derives from :class:`SwingometerError` and carries the objects it
is about as attributes, so callers can act on them without parsing the message::

    SwingometerError
    ├── DataError            a file or table is not what it should be (file, row, column, expected, got)
    │   └── ValidationError  a results table breaks a rule of the field (carries every problem)
    ├── NotFoundError        a name or id matched nothing (query, suggestions)
    │   ├── SeatNotFoundError
    │   ├── ElectionNotFoundError
    │   └── PartyNotFoundError
    ├── AmbiguousError       a name matched more than one thing (query, matches)
    ├── AnalysisError        a question has no answer for this data (e.g. totals of a by-election)
    │   ├── NoPollsError     no poll of the area ended in the window before the date
    │   ├── SeatFilterError  a seat filter (muslim_pct >= 20) cannot be read (expected, got)
    │   └── ChartSettingError  settings given to a chart that does not take them
    ├── ScenarioError        a what-if scenario is not valid (file, line, key, expected, got)
    └── StoreError           the local store of imported results refused a change
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AmbiguousError",
    "AnalysisError",
    "ChartSettingError",
    "DataError",
    "ElectionNotFoundError",
    "NoPollsError",
    "NotFoundError",
    "PartyNotFoundError",
    "Problem",
    "ScenarioError",
    "SeatFilterError",
    "SeatNotFoundError",
    "StoreError",
    "SwingometerError",
    "ValidationError",
]


class SwingometerError(Exception):
    """Base class of every error swingometer raises.

    ``option``: the Python parameter (or parameters), as the message spells it
    (``normalise=True``), that the advice in the message names; an interface says its own
    spelling instead (the command line's ``--normalise``), and the library never names an
    interface's.
    """

    def __init__(self, *args: object, option: str | tuple[str, ...] | None = None) -> None:
        super().__init__(*args)
        self.option = option


class DataError(SwingometerError, ValueError):
    """A value in a file or table is not what it should be.

    The message names the file, the row (1-based, counting a header row if the file has one), the
    column, what was expected and what was found.
    """

    def __init__(self, file: str, row: int | None, column: str | None, expected: str, got: object,
                 hint: str | None = None) -> None:
        self.file, self.row, self.column = file, row, column
        self.expected, self.got, self.hint = expected, got, hint
        where = f"row {row:,} of {file}" if row is not None else file
        if column is not None:
            where = f"{column!r} {'in' if row is not None else 'of'} {where}"
        message = f"{where} must be {expected} (got {got!r})"
        if hint:
            message += f"; {hint}"
        super().__init__(message)


@dataclass(frozen=True)
class Problem:
    """One broken rule in a results table: which check, where, expected and got."""

    check: str
    election_id: str
    gss_code: str | None
    expected: str
    got: str

    def __str__(self) -> str:
        seat = f" {self.gss_code}" if self.gss_code else ""
        return f"{self.check}: {self.election_id}{seat}: expected {self.expected}, got {self.got}"


class ValidationError(DataError):
    """A results table breaks one or more rules of the field; ``problems`` lists every one."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n  ... and {more} more"
        SwingometerError.__init__(
            self, f"{file} fails {len(self.problems)} validation check(s):\n{shown}")
        self.file, self.row, self.column = file, None, None
        self.expected, self.got, self.hint = "valid results", self.problems, None


class NotFoundError(SwingometerError, LookupError):
    """A name or id matched nothing; ``suggestions`` holds the closest known names."""

    kind = "name"

    def __init__(self, query: str, suggestions: Sequence[str] = (), context: str = "",
                 option: str | None = None) -> None:
        self.query, self.suggestions = query, tuple(suggestions)
        message = f"no {self.kind} matches {query!r}{context}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message, option=option)


class SeatNotFoundError(NotFoundError):
    """No constituency matches the name or GSS code."""

    kind = "constituency"


class ElectionNotFoundError(NotFoundError):
    """No election matches the id, year or date."""

    kind = "election"


class PartyNotFoundError(NotFoundError):
    """No party matches the code or name."""

    kind = "party"


class AmbiguousError(SwingometerError, LookupError):
    """A query matched several things; ``matches`` lists them."""

    def __init__(self, query: str, matches: Sequence[str], hint: str = "") -> None:
        self.query, self.matches = query, tuple(matches)
        message = f"{query!r} is ambiguous: it matches {', '.join(self.matches)}"
        super().__init__(message + (f"; {hint}" if hint else ""))


class AnalysisError(SwingometerError, ValueError):
    """The question asked has no answer for this data."""


class StoreError(SwingometerError):
    """The local store of imported results refused a change; nothing was written."""


class NoPollsError(AnalysisError):
    """No poll of ``area`` ended in the ``window_days`` before ``day``; ``latest`` is the end date
    of the last poll of the area before ``day`` (None if there is none)."""

    def __init__(self, area: str, day: str, window_days: int, latest: str | None) -> None:
        self.area, self.day, self.window_days, self.latest = area, day, window_days, latest
        last = (f"the latest {area} poll before it ended on {latest}" if latest
                else f"no {area} poll ended before it")
        advice = "widen the window (window_days) or give shares" if latest else "give shares"
        super().__init__(f"no {area} polls ended in the {window_days} days before {day}; {last}; "
                         f"{advice}")


class ScenarioError(SwingometerError, ValueError):
    """A scenario is not valid: names the file, line and key, what was expected and what was got."""

    def __init__(self, key: str, expected: str, got: object, file: str | None = None,
                 line: int | None = None, hint: str | None = None,
                 option: str | None = None) -> None:
        self.key, self.expected, self.got = key, expected, got
        self.file, self.line, self.hint = file, line, hint
        where = ", ".join(str(p) for p in (file, f"line {line}" if line else None) if p)
        message = f"{where + ': ' if where else ''}{key} must be {expected} (got {got!r})"
        super().__init__(message + (f"; {hint}" if hint else ""), option=option)


class SeatFilterError(AnalysisError):
    """A seat filter that cannot be read: ``expected`` what, ``got`` what (callers that name
    the place it came from, such as a scenario's key, say so with these)."""

    def __init__(self, expected: str, got: object, hint: str = "") -> None:
        self.expected, self.got, self.hint = expected, got, hint
        super().__init__(f"a seat filter takes {expected} (got {got!r}){hint}")


class ChartSettingError(AnalysisError):
    """Settings given to a chart that does not take them: ``unused`` of ``accepted``, by their
    Python names (an interface names them its own way)."""

    def __init__(self, kind: str, unused: Sequence[str], accepted: Sequence[str]) -> None:
        self.kind, self.unused, self.accepted = kind, tuple(unused), tuple(accepted)
        super().__init__(f"{', '.join(unused)} {'does' if len(unused) == 1 else 'do'} not apply "
                         f"to the {kind} chart (it takes {', '.join(accepted)})")
