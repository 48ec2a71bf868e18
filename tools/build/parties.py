"""Build step: the parties table (canonical code, name, colour, lineage, nations).

Derived from the candidacies so every code in the results has a row. Colours are the ones UK
broadcasters and the House of Commons Library conventionally use; parties without a conventional
colour get a neutral grey.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["parties_table"]

COLOURS = {
    "Con": "#0087DC", "Lab": "#E4003B", "LD": "#FAA61A", "SNP": "#FDF38E", "PC": "#005B54",
    "Green": "#02A95B", "RUK": "#12B6CF", "BRX": "#12B6CF", "UKIP": "#6D3177", "SF": "#326760",
    "DUP": "#D46A4C", "SDLP": "#2AA82C", "UUP": "#48A5EE", "APNI": "#F6CB2F", "Spk": "#5E5E5E",
    "Ind": "#DDDDDD", "WPB": "#770000", "TUV": "#0C3A6A", "Alba": "#005EB8", "BNP": "#2E3B74",
    "Res": "#46801C", "RB": "#1D3461", "AONT": "#44532A", "PBPA": "#E91D50", "Yrks": "#0092D2", "IGC": "#222221",
}
# "Oth": the pooled others of the notional 2005 result (no candidate, so no name from the rows)
NAMES = {"Spk": "Speaker", "Ind": "Independent", "Lab": "Labour", "Oth": "Others"}
# A party's lineage is the code of the party that continues it today.
LINEAGE = {"BRX": "RUK"}
OTHER_COLOUR = "#B3B3B3"


def parties_table(candidacies: pd.DataFrame, contests: pd.DataFrame,
                  constituencies: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical party code found in the candidacies."""
    real = candidacies[candidacies["candidate"].notna()]
    names = (real.groupby(["party_code", "party_name"]).size().reset_index(name="n")
             .sort_values(["party_code", "n", "party_name"], ascending=[True, False, True])
             .drop_duplicates("party_code").set_index("party_code")["party_name"])
    seats = constituencies.drop_duplicates("gss_code").set_index("gss_code")["nation"]
    nations = (candidacies.assign(nation=candidacies["gss_code"].map(seats))
               .groupby("party_code")["nation"].agg(lambda s: ";".join(sorted(set(s.dropna())))))
    codes = sorted(set(candidacies["party_code"]))
    table = pd.DataFrame({
        "code": codes,
        "name": [NAMES.get(c, names.get(c, c)) for c in codes],
        "colour": [COLOURS.get(c, OTHER_COLOUR) for c in codes],
        "lineage": [LINEAGE.get(c, c) for c in codes],
        "nations": [nations.get(c, "") for c in codes],
    })
    return table
