"""Steps that turn the raw public files in ``../shared/data/raw`` into the shipped tables.

Each step module exposes ``build(raw: Path) -> dict[str, pandas.DataFrame | str]``: table name to a
DataFrame (written as gzip CSV) or to text (written gzip-compressed as is, e.g. HexJSON). Steps are
pure: they read only ``raw`` and return deterministic, sorted output.
"""
