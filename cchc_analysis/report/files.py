"""File names and atomic writes for report output."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

__all__ = ["atomic_write_text", "slugify", "unique_slug"]

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file in the same folder and a rename.

    A reader never sees a half-written file, and an error part-way leaves an existing file untouched.

    Args:
        path: the file to write; its folder is created when missing.
        text: the content.

    Returns:
        The path written.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def slugify(text: object, default: str = "bao-cao") -> str:
    """An ASCII file-name part for a Vietnamese name: ``"Đắk Lắk"`` → ``"dak-lak"``.

    Only ``a-z``, ``0-9`` and ``-`` survive, so a slug can never carry a path separator, a quote or a
    URL scheme; an empty result gives ``default``.
    """
    value = unicodedata.normalize("NFKD", str(text)).replace("đ", "d").replace("Đ", "D")
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    value = _NON_SLUG.sub("-", value).strip("-")
    return value[:80].strip("-") or default


def unique_slug(text: object, taken: set[str], default: str = "bao-cao") -> str:
    """:func:`slugify`, with ``-2``, ``-3``… appended when the slug is already in ``taken`` (updated)."""
    base = slugify(text, default)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
