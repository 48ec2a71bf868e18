"""Reading a user's file as text, boundedly: no further than a cap (a device such as
``/dev/zero`` reports no size and never ends), in the encodings people's tools write (UTF-16 with a
byte-order mark, UTF-8 with or without one, Windows-1252) and any line ending (CR LF, LF, and the
bare CR of Excel's "CSV (Macintosh)"). Every reader of a user's file goes through here.
"""

from __future__ import annotations

from pathlib import Path

from swingometer.exceptions import DataError

__all__ = ["decode", "read_capped", "read_text"]


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Text as people's tools write it, and its encoding: UTF-16 with a byte-order mark (Excel's
    "Unicode Text"), else UTF-8 with or without one, else Windows-1252. A :class:`DataError`
    naming ``source`` and the row and offset of the first byte that is none of them."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16"), "utf-16"
        try:
            return data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        row = data[:error.start].count(b"\n") + 1
        raise DataError(source, row, None, "text in UTF-8, UTF-16 or Windows-1252",
                        f"byte 0x{data[error.start]:02X} at offset {error.start:,}") from None


def _too_large(source: str, limit: int, hint: str | None = None) -> DataError:
    """The error for a file (or its decompressed content) over ``limit`` bytes."""
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 2**10} KB"
    return DataError(source, None, None, f"a file of at most {size}", f"more than {limit:,} bytes",
                     hint=hint)


def read_capped(path: Path, limit: int, source: str | None = None,
                hint: str | None = None) -> bytes:
    """The file's bytes, read no further than ``limit``; a :class:`DataError` naming ``source``
    (the file's name by default) if there are more. An :class:`OSError` if it cannot be read."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _too_large(source or path.name, limit, hint)
    return data


def read_text(path: Path, expected: str, limit: int,
              source: str | None = None) -> tuple[str, str]:
    """The file's text, every line ending made LF, and its encoding (:func:`decode`); a
    :class:`DataError` for a file over ``limit`` bytes, an empty one (``expected`` says what
    was wanted), or bytes in none of the encodings."""
    source = source or path.name
    data = read_capped(path, limit, source, hint="split it into smaller files")
    if not data.strip():
        raise DataError(source, None, None, expected, "an empty file")
    text, encoding = decode(data, source)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
