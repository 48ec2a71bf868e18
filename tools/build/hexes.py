"""Build step: HexJSON layouts for both boundary sets, keyed by the results' GSS codes.

``pcon2024`` comes from Open Innovations' ``uk-constituencies-2023.hexjson`` with the five Scottish
codes that changed before the 2024 results mapped to the results' codes; ``pcon2010`` from its
``constituencies.hexjson``, whose keys already match the 2010-2019 results. Both MIT licensed.
"""

from __future__ import annotations

import json
from pathlib import Path

from tools.build.results import SCOTTISH_RECODES

__all__ = ["build"]


def _recode(layout: dict) -> dict:
    layout = dict(layout)
    layout["hexes"] = {SCOTTISH_RECODES.get(k, k): v for k, v in layout["hexes"].items()}
    return layout


def _dump(layout: dict) -> str:
    return json.dumps(layout, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def build(raw: Path) -> dict[str, str]:
    """The two layouts as canonical JSON text."""
    folder = raw / "hexjson"
    new = json.loads((folder / "uk-constituencies-2023.hexjson").read_text(encoding="utf-8-sig"))
    old = json.loads((folder / "constituencies.hexjson").read_text(encoding="utf-8-sig"))
    return {"hexmap_pcon2024": _dump(_recode(new)), "hexmap_pcon2010": _dump(old)}
