"""The scenario format: a base and an ordered list of operations, from TOML, dicts or Python.

A scenario file (TOML) looks like this::

    name = "A Green candidate in the 2021 Batley and Spen by-election"

    [base]
    election = "parl.batley-and-spen.by.2021-07-01"

    [[operations]]
    type = "stand"
    party = "Green"
    share = [3, 6]          # % of valid votes: a number, or a range [low, high]
    seats = "Batley and Spen"

Numbers that are assumptions may be ranges ``[low, high]``: a deterministic run uses the middle,
a simulation draws uniformly between the two. Every operation applies to the seats its target
keys select (``seats``, ``region``, ``nation``, ``where``; none of them: every seat of the base).
Operations run in the order written, each on the result of the one before, so order matters:
a ``group_shift`` after a ``swing`` moves a share of the swung votes, not of the base's.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swingometer.data.text_file import decode, read_capped
from swingometer.exceptions import DataError, ScenarioError

__all__ = [
    "OPERATIONS",
    "Base",
    "Operation",
    "Scenario",
    "ScenarioError",
    "Target",
    "load_scenario",
    "midpoint",
    "parse_scenario",
]

Value = float | tuple[float, float]

# the largest scenario file read: a long one is a few KB
MAX_SCENARIO_BYTES = 2**20
# Operation type -> (required keys, optional keys); target keys and `missing` are always allowed.
OPERATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "stand_down": ((), ("party", "candidate", "transfers")),
    "stand": (("party",), ("share", "sources", "candidate")),
    "group_shift": (("group", "from", "to", "fraction"),
                    ("support", "turnout", "eligible", "candidate")),
    "turnout": (("party", "change"), ()),
    "swing": (("from", "to"), ("points", "fraction")),
    "pact": (("parties",), ("transfers",)),
}
TARGET_KEYS = ("seats", "region", "nation", "where")
MISSING = ("error", "skip")


@dataclass(frozen=True)
class Base:
    """What a scenario starts from: an election's result, or a projection from shares or polls."""

    election: str | None = None
    shares: Mapping[str, float] | None = None
    as_of: str | None = None
    baseline: str | None = None
    model: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_projection(self) -> bool:
        return self.election is None


@dataclass(frozen=True)
class Target:
    """Which seats an operation applies to: the intersection of the keys given (all if none)."""

    seats: tuple[str, ...] = ()
    region: str | None = None
    nation: str | None = None
    where: str | None = None

    def describe(self) -> str:
        parts = []
        if self.seats:
            parts.append("seats " + ", ".join(self.seats))
        if self.region:
            parts.append(f"region {self.region}")
        if self.nation:
            parts.append(f"nation {self.nation}")
        if self.where:
            parts.append(f"seats where {self.where}")
        return " and ".join(parts) or "every seat"


@dataclass(frozen=True)
class Operation:
    """One step of a scenario: its ``type``, parameters, target and what to do where it does not
    apply (``missing``: ``"error"``, the default, or ``"skip"``)."""

    type: str
    params: Mapping[str, Any]
    target: Target = field(default_factory=Target)
    missing: str = "error"
    line: int | None = None
    lines: Mapping[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int | None:
        """The line of ``key`` (``operations[2].fraction`` or ``fraction``) in the file."""
        name = key.split("].", 1)[-1].split(".")[0]
        return self.lines.get(name, self.line)

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass(frozen=True)
class Scenario:
    """A named base and the operations applied to it, in order."""

    base: Base
    operations: tuple[Operation, ...] = ()
    name: str = ""
    description: str = ""
    file: str | None = None
    # what an error says where an operation cannot apply in a seat of its target, and the
    # parameter that advice names (see SwingometerError.option)
    missing_hint: str = 'add missing = "skip" to skip such seats'
    missing_option: str | None = None

    def has_ranges(self) -> bool:
        """Whether any assumption is a range (a simulation then draws it)."""
        return any(_has_range(v) for op in self.operations for v in op.params.values())


def midpoint(value: Value) -> float:
    """The middle of a range, or the number itself."""
    return (value[0] + value[1]) / 2 if isinstance(value, tuple) else float(value)


def _has_range(value: Any) -> bool:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, float) for v in value):
        return True
    return isinstance(value, Mapping) and any(_has_range(v) for v in value.values())


class _Locator:
    """Finds the line of a key in the TOML text, for error messages (tomllib keeps no positions)."""

    def __init__(self, text: str | None) -> None:
        self.lines = text.splitlines() if text else []

    def _section(self, header: str, index: int) -> tuple[int, int] | None:
        pattern = re.compile(rf"^\s*\[+\s*{re.escape(header)}\s*\]+\s*(#.*)?$")
        starts = [i for i, line in enumerate(self.lines) if pattern.match(line)]
        if index >= len(starts):
            return None
        start = starts[index]
        end = next((i for i in range(start + 1, len(self.lines))
                    if re.match(r"^\s*\[\[", self.lines[i])
                    and not re.match(rf"^\s*\[\[\s*{re.escape(header)}\.", self.lines[i])),
                   len(self.lines))
        return start, end

    def line(self, section: str | None, index: int = 0, key: str | None = None) -> int | None:
        span = (0, len(self.lines)) if section is None else self._section(section, index)
        if span is None:
            return None
        start, end = span
        if key:
            pattern = re.compile(rf"^\s*(\[+\s*{re.escape(section or '')}\.)?"
                                 rf"[\"']?{re.escape(key)}[\"']?\s*(=|\]|\.)")
            for i in range(start, end):
                if pattern.match(self.lines[i]):
                    return i + 1
        return start + 1 if section else None


class _Parser:
    """Turns the plain data of a scenario (TOML tables) into a :class:`Scenario`."""

    def __init__(self, file: str | None, text: str | None) -> None:
        self.file, self.where = file, _Locator(text)

    def fail(self, key: str, expected: str, got: object, line: int | None,
             hint: str | None = None) -> ScenarioError:
        return ScenarioError(key, expected, got, self.file, line, hint)

    def parse(self, data: Mapping[str, Any]) -> Scenario:
        unknown = sorted(set(data) - {"name", "description", "base", "operations"})
        if unknown:
            raise self.fail(unknown[0], "one of name, description, base, operations",
                            unknown[0], self.where.line(None, 0, unknown[0]))
        if "base" not in data:
            raise self.fail("base", "a table naming an election, shares or as_of", None, None,
                            hint="add a [base] section")
        base = self.base(data["base"])
        operations = data.get("operations", [])
        if not isinstance(operations, list):
            raise self.fail("operations", "a list of tables ([[operations]])",
                            operations, self.where.line(None, 0, "operations"))
        return Scenario(base, tuple(self.operation(i, op) for i, op in enumerate(operations)),
                        str(data.get("name", "")), str(data.get("description", "")), self.file)

    def base(self, raw: Any) -> Base:
        line = self.where.line("base")
        if not isinstance(raw, Mapping):
            raise self.fail("base", "a table", raw, line)
        allowed = {"election", "shares", "as_of", "baseline", "model"}
        for key in raw:
            if key not in allowed:
                raise self.fail(f"base.{key}", "one of " + ", ".join(sorted(allowed)), key,
                                self.where.line("base", 0, key))
        given = [k for k in ("election", "shares", "as_of") if k in raw]
        if len(given) != 1:
            raise self.fail("base", "exactly one of election, shares or as_of", given or None,
                            line)
        for key in ("election", "as_of", "baseline", "model"):
            if key in raw and not isinstance(raw[key], str):
                raise self.fail(f"base.{key}", "a string", raw[key],
                                self.where.line("base", 0, key))
        shares = raw.get("shares")
        if shares is not None:
            if not isinstance(shares, Mapping) or not shares:
                raise self.fail("base.shares", "a table of party = share (%)", shares,
                                self.where.line("base", 0, "shares"))
            for party, value in shares.items():
                if not _number(value) or value < 0:
                    raise self.fail(f"base.shares.{party}", "a number >= 0", value,
                                    self.where.line("base", 0, "shares"))
            shares = {str(k): float(v) for k, v in shares.items()}
        if "election" in raw and ("baseline" in raw or "model" in raw):
            raise self.fail("base", "baseline and model only with shares or as_of",
                            sorted(raw), line)
        lines = {key: self.where.line("base", 0, key) for key in raw} | {"base": line}
        return Base(raw.get("election"), shares, raw.get("as_of"), raw.get("baseline"),
                    raw.get("model"), {k: v for k, v in lines.items() if v is not None})

    def operation(self, index: int, raw: Any) -> Operation:
        line = self.where.line("operations", index)
        key = f"operations[{index + 1}]"
        if not isinstance(raw, Mapping):
            raise self.fail(key, "a table", raw, line)
        kind = raw.get("type")
        if kind not in OPERATIONS:
            raise self.fail(f"{key}.type", "one of " + ", ".join(OPERATIONS), kind,
                            self.where.line("operations", index, "type"))
        required, optional = OPERATIONS[kind]
        allowed = set(required) | set(optional) | set(TARGET_KEYS) | {"type", "missing"}
        for name in raw:
            if name not in allowed:
                raise self.fail(f"{key}.{name}", f"a key of a {kind} operation ("
                                + ", ".join(sorted(allowed - {"type"})) + ")", name,
                                self.where.line("operations", index, name))
        for name in required:
            if name not in raw:
                raise self.fail(f"{key}.{name}", f"given for a {kind} operation", None, line)
        if kind == "stand_down" and ("party" in raw) == ("candidate" in raw):
            raise self.fail(key, "a stand_down naming either a party or a candidate",
                            sorted(k for k in ("party", "candidate") if k in raw) or None, line)
        if kind == "swing" and ("points" in raw) == ("fraction" in raw):
            raise self.fail(key, "a swing giving either points (uniform) or fraction "
                            "(proportional)", None, line)
        params = {name: self.value(kind, index, name, value) for name, value in raw.items()
                  if name not in TARGET_KEYS and name not in {"type", "missing"}}
        missing = raw.get("missing", "error")
        if missing not in MISSING:
            raise self.fail(f"{key}.missing", "'error' or 'skip'", missing,
                            self.where.line("operations", index, "missing"))
        lines = {name: self.where.line("operations", index, name) for name in raw}
        return Operation(kind, params, self.target(index, raw), missing, line,
                         {k: v for k, v in lines.items() if v is not None})

    def target(self, index: int, raw: Mapping[str, Any]) -> Target:
        seats = raw.get("seats", ())
        if isinstance(seats, str):
            seats = (seats,)
        if (not isinstance(seats, (list, tuple)) or not all(isinstance(s, str) for s in seats)
                or ("seats" in raw and not seats)):
            raise self.fail(f"operations[{index + 1}].seats", "a seat name or a list of them",
                            seats, self.where.line("operations", index, "seats"))
        for name in ("region", "nation", "where"):
            if name in raw and not isinstance(raw[name], str):
                raise self.fail(f"operations[{index + 1}].{name}", "a string", raw[name],
                                self.where.line("operations", index, name))
        return Target(tuple(seats), raw.get("region"), raw.get("nation"), raw.get("where"))

    def value(self, kind: str, index: int, name: str, value: Any) -> Any:
        key = f"operations[{index + 1}].{name}"
        line = self.where.line("operations", index, name)
        if name in {"party", "from", "to", "group", "candidate"}:
            if not isinstance(value, str) or not value.strip():
                raise self.fail(key, "a name", value, line)
            return value.strip()
        if name == "parties":
            if (not isinstance(value, list) or len(value) < 2
                    or not all(isinstance(v, str) for v in value)):
                raise self.fail(key, "a list of two or more parties", value, line)
            return tuple(value)
        if name in {"transfers", "sources"}:
            return self.matrix(key, value, line, kind == "pact")
        bounds = {"fraction": (0.0, 1.0), "support": (0.0, 1.0), "share": (0.0, 100.0),
                  "points": (0.0, 100.0), "change": (-1.0, 10.0), "turnout": (0.0, 5.0),
                  "eligible": (0.0, 5.0)}[name]
        return self.assumption(key, value, line, bounds)

    def assumption(self, key: str, value: Any, line: int | None,
                   bounds: tuple[float, float]) -> Value:
        low, high = bounds
        expected = f"a number in [{low:g}, {high:g}] or a range [low, high] within it"
        if _number(value):
            if not low <= value <= high:
                raise self.fail(key, expected, value, line)
            return float(value)
        if (isinstance(value, list) and len(value) == 2 and all(_number(v) for v in value)
                and low <= value[0] <= value[1] <= high):
            return (float(value[0]), float(value[1]))
        raise self.fail(key, expected, value, line)

    def matrix(self, key: str, value: Any, line: int | None, nested: bool) -> Any:
        """A transfer row ``{party = fraction, home = fraction}`` summing to 1 (ranges allowed;
        their middles must sum to 1); for a pact, one such row per party."""
        if not isinstance(value, Mapping) or not value:
            raise self.fail(key, "a table of destination = fraction", value, line)
        if nested:
            return {str(p): self.matrix(f"{key}.{p}", row, line, False)
                    for p, row in value.items()}
        row = {str(k): self.assumption(f"{key}.{k}", v, line, (0.0, 1.0))
               for k, v in value.items()}
        total = sum(midpoint(v) for v in row.values())
        if abs(total - 1) > 1e-6:
            raise self.fail(key, "fractions summing to 1", round(total, 6), line,
                            hint="include home (did not vote) and other (every party not "
                                 "named) as needed")
        return row


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_scenario(data: Mapping[str, Any] | str, file: str | None = None) -> Scenario:
    """A :class:`Scenario` from TOML text or from the same structure as a dict.

    >>> scenario = parse_scenario('''
    ... [base]
    ... election = "2019"
    ... [[operations]]
    ... type = "swing"
    ... from = "Con"
    ... to = "Lab"
    ... points = 2
    ... ''')
    >>> scenario.operations[0].type, scenario.operations[0].params["points"]
    ('swing', 2.0)
    """
    text = None
    if isinstance(data, str):
        text = data
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"line (\d+)", str(error))
            raise ScenarioError("the file", "valid TOML", str(error), file,
                                int(match.group(1)) if match else None) from None
        except RecursionError:
            raise ScenarioError("the file", "TOML nested to a sensible depth",
                                "arrays or tables nested too deep to read", file) from None
    return _Parser(file, text).parse(data)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (TOML)."""
    path = Path(path)
    try:
        text, _ = decode(read_capped(path, MAX_SCENARIO_BYTES, str(path)), str(path))
    except DataError as error:  # larger than any scenario (a device that never ends), or not text
        raise ScenarioError("the scenario file", error.expected, error.got, str(path),
                            hint=error.hint) from None
    except OSError as error:
        raise ScenarioError("the scenario file", "a readable TOML file", str(path), str(path),
                            hint=error.strerror) from None
    return parse_scenario(text, str(path))

