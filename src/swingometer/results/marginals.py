"""Marginal seats: ordered by the Butler swing a party needs to gain them, or to lose them.

To gain a seat held by W, party P needs a swing from W to P of half the gap between their shares:
(W share - P share) / 2. To lose a seat it holds, P needs a swing against it of half its lead over
the runner-up. A party that did not stand in a seat cannot gain it on these figures and is left out.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["marginals"]


def marginals(contests: pd.DataFrame, candidacies: pd.DataFrame, constituencies: pd.DataFrame,
              election_id: str, boundary_set: str, party: str, lineage: dict[str, str],
              defend: bool = False, top: int | None = None) -> pd.DataFrame:
    """Seats ranked by the swing ``party`` needs: targets (default) or, with ``defend``, its holds.

    Columns: ``rank, gss_code, name, winner, second, party_share, winner_share, majority_pct,
    swing_needed`` (points).
    """
    rows = candidacies[candidacies["election_id"] == election_id]
    rows = rows.assign(lineage=rows["party_code"].map(lambda c: lineage.get(c, c)))
    totals = rows.groupby("gss_code")["votes"].transform("sum")
    rows = rows.assign(share=100.0 * rows["votes"] / totals)
    rows = rows.sort_values(["gss_code", "votes"], ascending=[True, False])
    first = rows.groupby("gss_code").nth(0).set_index("gss_code")
    second = rows.groupby("gss_code").nth(1).set_index("gss_code")
    mine = rows[rows["lineage"] == party].drop_duplicates("gss_code").set_index("gss_code")
    table = pd.DataFrame({
        "winner": first["party_code"],
        "winner_share": first["share"],
        "second": second["party_code"].reindex(first.index),
        "second_share": second["share"].reindex(first.index),
        "party_share": mine["share"].reindex(first.index),
    })
    held = first["lineage"] == party
    if defend:
        table = table[held]
        table["swing_needed"] = (table["winner_share"] - table["second_share"]) / 2
    else:
        table = table[~held & table["party_share"].notna()]
        table["swing_needed"] = (table["winner_share"] - table["party_share"]) / 2
    table["majority_pct"] = table["winner_share"] - table["second_share"]
    names = constituencies[constituencies["boundary_set"] == boundary_set].set_index("gss_code")[
        "name"]
    table.insert(0, "name", table.index.map(names))
    table = table.sort_values(["swing_needed", "name"]).rename_axis("gss_code").reset_index()
    table.insert(0, "rank", range(1, len(table) + 1))
    columns = ["rank", "gss_code", "name", "winner", "second", "party_share", "winner_share",
               "majority_pct", "swing_needed"]
    table = table[columns].round({"party_share": 2, "winner_share": 2, "majority_pct": 2,
                                  "swing_needed": 2})
    return table.head(top) if top else table
