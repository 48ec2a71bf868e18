"""Build step: census demographics and 2016 EU referendum estimates for each GB constituency.

Counts come from Census 2021 (ONS, via Nomis) for England and Wales and Scotland's Census 2022
for Scotland, both on the 2024 constituencies. Counts for the 2010-2019 constituencies are
estimated by sharing each 2024 seat's counts across the old seats with the population-overlap
weights; percentages are then taken from the estimated counts. Northern Ireland has no rows.
See ``docs/data/demographics.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from tools.build.common import read_raw_csv

__all__ = ["build"]

NEW_SET = "pcon2024"
OLD_SET = "pcon2010"

# Five unchanged Scottish seats keep their pre-2024 codes in some files; the 2024 results use new ones.
SCOTTISH_CODE_FIXES = {
    "S14000006": "S14000107",
    "S14000008": "S14000108",
    "S14000010": "S14000109",
    "S14000040": "S14000110",
    "S14000058": "S14000111",
}

# Percentage blocks: each share is a count divided by the block's total (``<block>_total``).
BLOCKS: dict[str, tuple[str, ...]] = {
    "religion": (
        "christian", "buddhist", "hindu", "jewish", "muslim", "sikh",
        "other_religion", "no_religion", "religion_not_stated",
    ),
    "qualifications": ("no_qualifications", "degree"),
    "age": ("age_0_15", "age_16_24", "age_25_34", "age_35_49", "age_50_64", "age_65_plus"),
    "ethnicity": ("white", "asian", "black", "mixed", "other_ethnic"),
}
# The Nomis age table has a 16-19 band and no 17/18 split, so "adult" starts at 16 (both nations).
AGE_BAND_STARTS = {
    "age_0_15": 0, "age_16_24": 16, "age_25_34": 25, "age_35_49": 35, "age_50_64": 50, "age_65_plus": 65,
}

COLUMNS = [
    "gss_code", "boundary_set", "estimated", "population",
    *(f"{name}_pct" for name in BLOCKS["religion"]),
    *(f"{name}_pct" for name in BLOCKS["qualifications"]),
    *(f"{name}_pct" for name in BLOCKS["age"]),
    "adults_16_plus",
    *(f"{name}_pct" for name in BLOCKS["ethnicity"]),
    "leave_pct",
]

NOMIS_RELIGION = {
    "Christian": "christian", "Buddhist": "buddhist", "Hindu": "hindu", "Jewish": "jewish",
    "Muslim": "muslim", "Sikh": "sikh", "Other religion": "other_religion",
    "No religion": "no_religion", "Not answered": "religion_not_stated",
}
NOMIS_ETHNICITY = {
    "White": "white", "Asian, Asian British or Asian Welsh": "asian",
    "Black, Black British, Black Welsh, Caribbean or African": "black",
    "Mixed or Multiple ethnic groups": "mixed", "Other ethnic group": "other_ethnic",
}
SCOTTISH_RELIGION = {
    "Church of Scotland": "christian", "Roman Catholic": "christian", "Other Christian": "christian",
    "Buddhist": "buddhist", "Hindu": "hindu", "Jewish": "jewish", "Muslim": "muslim", "Sikh": "sikh",
    "Pagan": "other_religion", "Other religion": "other_religion", "No religion": "no_religion",
    "Religion not stated": "religion_not_stated",
}
# Only the group totals; the detailed columns beside them are left out.
SCOTTISH_ETHNICITY = {
    "White: Total": "white", "Asian, Asian Scottish or Asian British: Total": "asian",
    "African: Total": "black", "Caribbean or Black: Total": "black",
    "Mixed or multiple ethnic group": "mixed", "Other ethnic groups: Total": "other_ethnic",
}
OVERLAP_COLUMNS = [
    "key", "from_code", "from_name", "to_code", "to_name", "from_residential", "to_residential",
    "from_geographic", "to_geographic", "from_population", "to_population",
]


def build(raw: Path) -> dict[str, pd.DataFrame]:
    """Return ``{"demographics": table}``, one row per GB constituency on each boundary set."""
    counts = pd.concat([england_wales_counts(raw), scotland_counts(raw)]).sort_index()
    old_counts = counts_on_old_seats(counts, raw)
    new_rows = shares_from_counts(counts).assign(
        boundary_set=NEW_SET, estimated=False, leave_pct=leave_on_new_seats(raw))
    old_rows = shares_from_counts(old_counts).assign(
        boundary_set=OLD_SET, estimated=True, leave_pct=leave_on_old_seats(raw))
    table = pd.concat([new_rows, old_rows]).rename_axis("gss_code").reset_index()
    table = table.sort_values(["boundary_set", "gss_code"], ignore_index=True)
    if table["leave_pct"].isna().any():
        raise ValueError("Leave estimates do not cover the same seats as the census counts")
    return {"demographics": table[COLUMNS]}


def nomis_table(raw: Path, topic: str) -> pd.DataFrame:
    """A Nomis long-format table as counts, one row per gss_code, one column per category label."""
    long = read_raw_csv(raw / "census2021" / "nomis" / f"census21_wpc_{topic}.csv")
    code, _, _, category, value = long.columns
    wide = long.pivot(index=code, columns=category, values=value).astype("int64")
    return wide.drop(columns="Does not apply", errors="ignore").rename_axis(index="gss_code", columns=None)


def england_wales_counts(raw: Path) -> pd.DataFrame:
    """Counts for the 575 English and Welsh 2024 seats from the Nomis Census 2021 tables."""
    quals = nomis_table(raw, "quals")
    degree_label = next(label for label in quals.columns if label.startswith("Level 4"))
    return pd.concat(
        [
            nomis_table(raw, "sex").sum(axis=1).rename("population"),
            grouped_counts(nomis_table(raw, "religion"), NOMIS_RELIGION, "religion"),
            pd.DataFrame({
                "no_qualifications": quals["No qualifications"],
                "degree": quals[degree_label],
                "qualifications_total": quals.sum(axis=1),
            }),
            age_counts(nomis_table(raw, "age")),
            grouped_counts(nomis_table(raw, "ethnicity5"), NOMIS_ETHNICITY, "ethnicity"),
        ],
        axis=1,
    ).astype("float64")


def scotland_counts(raw: Path) -> pd.DataFrame:
    """Counts for the 57 Scottish 2024 seats from Scotland's Census 2022 (no qualifications table)."""
    folder = raw / "census2021" / "scotland2022"
    age = scottish_age_table(folder / "sc_census22_wpc_age.xlsx")
    population = age.pop("All people").rename("population")
    religion = scottish_table(folder / "sc_census22_wpc_religion.xlsx")
    ethnicity = scottish_table(folder / "sc_census22_wpc_ethnicity.xlsx")[list(SCOTTISH_ETHNICITY)]
    counts = pd.concat(
        [
            population,
            grouped_counts(religion, SCOTTISH_RELIGION, "religion"),
            age_counts(age),
            grouped_counts(ethnicity, SCOTTISH_ETHNICITY, "ethnicity"),
        ],
        axis=1,
    )
    codes = scottish_codes_by_name(raw)
    unmatched = set(counts.index) ^ set(codes)
    if unmatched:
        raise ValueError(f"Scottish census seat names not matched to 2024 results: {sorted(unmatched)}")
    return counts.rename(index=codes).rename_axis("gss_code").astype("float64")


def scottish_codes_by_name(raw: Path) -> dict[str, str]:
    """Scottish 2024 constituency name to the code used in the 2024 results."""
    seats = read_raw_csv(raw / "ge2024" / "constituencies.csv")
    scottish = seats[seats["Country name"] == "Scotland"]
    return dict(zip(scottish["Constituency name"], scottish["ONS ID"], strict=True))


def scottish_table(path: Path) -> pd.DataFrame:
    """A Scotland's Census table with seats as rows: category counts indexed by seat name.

    The header row is the one whose third cell is "All people" (the total, left out here); the seat
    rows follow it, with the name in the second cell and counts from the fourth.
    """
    sheet = pd.read_excel(path, sheet_name=0, header=None, engine="openpyxl")
    header = sheet.index[sheet[2].astype(str).str.lower() == "all people"][0]
    body = sheet.loc[header + 1:]
    body = body[body[2].notna()]
    labels = [str(label) for label in sheet.loc[header].iloc[3:]]
    counts = body.iloc[:, 3:].astype("int64").to_numpy()
    return pd.DataFrame(counts, index=body[1].str.strip(), columns=labels)


def scottish_age_table(path: Path) -> pd.DataFrame:
    """Scotland's single-year-of-age table (one sheet per seat) as counts indexed by seat name.

    In each seat's sheet the seat name sits above a row starting "Age" (the labels: "All people",
    "Under 1", 1, ..., "100 and over"), and the counts are in the row below it.
    """
    rows: dict[str, pd.Series] = {}
    for sheet in pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl").values():
        label_rows = sheet.index[sheet[0] == "Age"]
        if label_rows.empty:
            continue
        at = label_rows[0]
        labels = [str(label) for label in sheet.loc[at].iloc[1:]]
        rows[sheet.loc[at - 1, 0].strip()] = pd.Series(sheet.loc[at + 1].iloc[1:].to_numpy(), index=labels)
    return pd.DataFrame(rows).T.astype("int64")


def grouped_counts(table: pd.DataFrame, groups: dict[str, str], block: str) -> pd.DataFrame:
    """Sum category columns into ``groups`` plus ``<block>_total``; every column must be grouped."""
    unknown = set(table.columns) - set(groups)
    if unknown:
        raise ValueError(f"{block}: categories without a group: {sorted(unknown)}")
    grouped = table.T.groupby(table.columns.map(groups)).sum().T
    grouped[f"{block}_total"] = grouped.sum(axis=1)
    return grouped[[*BLOCKS[block], f"{block}_total"]]


def age_start(label: str) -> int:
    """Lowest age in an age category: "Aged 4 years and under", "Under 1" -> 0; "Aged 5 to 9 years" -> 5."""
    if "under" in label.lower():
        return 0
    return int(re.findall(r"\d+", label)[0])


def age_band(start: int) -> str:
    """The age band holding an age category whose lowest age is ``start``."""
    return [band for band, first in AGE_BAND_STARTS.items() if first <= start][-1]


def age_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Age-band counts, ``age_total`` and ``adults_16_plus`` from counts by age category."""
    starts = {label: age_start(label) for label in table.columns}
    if not set(AGE_BAND_STARTS.values()) <= set(starts.values()):
        raise ValueError(f"age categories {list(starts)} do not split at every band start")
    counts = grouped_counts(table, {label: age_band(start) for label, start in starts.items()}, "age")
    counts["adults_16_plus"] = counts["age_total"] - counts["age_0_15"]
    return counts


def counts_on_old_seats(counts: pd.DataFrame, raw: Path) -> pd.DataFrame:
    """Estimate counts for the 2010-2019 seats: sum of 2024 counts times the population-overlap weight.

    ``to_population`` is the share of the 2024 seat's population lying in the overlap, so the shares
    of each 2024 seat add up to 1 and the estimated counts keep the GB totals. Northern Ireland
    overlaps are dropped. Overlaps never cross a national border, so Scotland's missing
    qualifications stay missing rather than becoming partial sums.
    """
    overlaps = read_raw_csv(raw / "boundaries" / "constituency-area-overlaps.csv", names=OVERLAP_COLUMNS)
    overlaps["to_code"] = overlaps["to_code"].replace(SCOTTISH_CODE_FIXES)
    if (overlaps["from_code"].str[0] != overlaps["to_code"].str[0]).any():
        raise ValueError("an overlap crosses a national border")
    overlaps = overlaps[overlaps["to_code"].isin(counts.index)]
    weights = overlaps["to_population"].astype("float64").to_numpy()
    shared = counts.loc[overlaps["to_code"]].mul(weights, axis=0)
    return shared.groupby(overlaps["from_code"].to_numpy()).sum(min_count=1).rename_axis("gss_code")


def shares_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Percentages (2 dp) of each block's total, with ``population`` and ``adults_16_plus`` as integers."""
    shares = pd.DataFrame(index=counts.index)
    shares["population"] = counts["population"].round().astype("int64")
    shares["adults_16_plus"] = counts["adults_16_plus"].round().astype("int64")
    for block, names in BLOCKS.items():
        for name in names:
            shares[f"{name}_pct"] = (100 * counts[name] / counts[f"{block}_total"]).round(2)
    return shares


def leave_on_new_seats(raw: Path) -> pd.Series:
    """Hanretty's 2016 Leave estimate (%) on the 2024 seats, keyed by the 2024 results codes."""
    estimates = read_raw_csv(raw / "euref2016" / "Hanretty_Brexit_estimates_2024_boundaries.csv")
    codes = estimates["gss_code"].replace(SCOTTISH_CODE_FIXES)
    return leave_percent(estimates["LeavePct"], codes)


def leave_on_old_seats(raw: Path) -> pd.Series:
    """Hanretty's 2016 Leave estimate (%) made directly on the 2010-2019 seats."""
    estimates = read_raw_csv(raw / "euref2016" / "2016referendum-estimates.csv")
    return leave_percent(estimates["Figure to use"], estimates["PCON11CD"])


def leave_percent(fractions: pd.Series, codes: pd.Series) -> pd.Series:
    """Leave fractions as percentages (2 dp) indexed by gss_code."""
    return pd.Series((100 * fractions.astype("float64")).round(2).to_numpy(), index=codes.to_numpy(),
                     name="leave_pct")
