"""Rebuild swingometer's shipped tables from the raw public files.

    python -m tools.build_data                 # writes src/swingometer/data/*.gz
    python -m tools.build_data --check         # rebuilds into a temporary folder and compares

The build is deterministic: the same raw files give byte-identical outputs (gzip without
timestamps, sorted rows, fixed column order). Sources and licences: src/swingometer/data/SOURCES.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

from tools.build import demographics, hexes, polls, results
from tools.build.common import write_table
from tools.build.parties import parties_table

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW = ROOT.parent / "shared" / "data" / "raw"
DEFAULT_OUT = ROOT / "src" / "swingometer" / "data"


def build_tables(raw: Path) -> dict[str, pd.DataFrame | str]:
    """Every shipped table, by name."""
    tables: dict[str, pd.DataFrame | str] = dict(results.build(raw))
    tables["parties"] = parties_table(tables["candidacies"], tables["contests"],
                                      tables["constituencies"])
    for step in (demographics, polls, hexes):
        tables.update(step.build(raw))
    return tables


def file_name(name: str, table: pd.DataFrame | str) -> str:
    return f"{name}.json.gz" if isinstance(table, str) else f"{name}.csv.gz"


def write_all(raw: Path, out: Path) -> list[Path]:
    """Build every table from ``raw`` and write it into ``out``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in sorted(build_tables(raw).items()):
        path = out / file_name(name, table)
        write_table(table, path)
        written.append(path)
    return written


def differences(raw: Path, shipped: Path) -> list[str]:
    """Names of shipped files that a rebuild from ``raw`` would change, add or remove."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = {p.name: p.read_bytes() for p in write_all(raw, Path(tmp))}
    current = {p.name: p.read_bytes() for p in shipped.glob("*.gz")}
    return sorted(n for n in fresh.keys() | current.keys() if fresh.get(n) != current.get(n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="raw data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--check", action="store_true", help="compare a rebuild with --out")
    args = parser.parse_args(argv)
    if args.check:
        changed = differences(args.raw, args.out)
        for name in changed:
            print(f"differs: {name}")
        print("shipped tables match a rebuild" if not changed else f"{len(changed)} differ")
        return 1 if changed else 0
    for path in write_all(args.raw, args.out):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
              f"({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
