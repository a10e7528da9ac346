"""What a read did: the account returned with every table (``df.attrs["report"]``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ReadReport:
    """The account of one file read: what was taken, dropped, repaired or missing.

    Attributes:
        file: the file read.
        engine: the reader used (``calamine``, ``openpyxl``, ``csv``).
        sheets: the sheets a table was read from.
        skipped_sheets: sheets with no score table, and why.
        dropped_rows: ``(sheet, row, text, reason)`` for total/average rows, notes and spacer rows.
        missing_components: framework components absent from the file (per level present in it).
        extra_columns: columns with data that no component or role could be given to.
        warnings: things an analyst should look at (the numbers read are still right).
        notes: what was done silently right (legacy text decoded, separators decided, …).
    """

    file: str
    engine: str = ""
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    dropped_rows: list[tuple[str, int, str, str]] = field(default_factory=list)
    missing_components: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain data (for JSON and printing)."""
        return asdict(self)

    def summary(self) -> str:
        """A few lines an analyst can read."""
        lines = [f"{self.file}: sheets {', '.join(self.sheets) or '—'} ({self.engine})"]
        lines.extend(f"  {line}" for line in account_lines(self.to_dict()))
        lines.extend(f"  warning: {w}" for w in self.warnings)
        return "\n".join(lines)


def account_lines(report: dict) -> list[str]:
    """What a read left out, one line each: sheets skipped, rows dropped (by reason), components of the
    criteria set the file does not have, and columns with data that nothing could be given to.

    Args:
        report: a read's account (``df.attrs["report"]`` or ``ReadReport.to_dict()``).

    Returns:
        The lines, empty when nothing was left out.
    """
    lines = []
    if report.get("skipped_sheets"):
        lines.append(f"skipped sheets: {', '.join(map(str, report['skipped_sheets']))}")
    dropped = report.get("dropped_rows") or []
    if dropped:
        counts: dict[str, int] = {}
        for *_, reason in dropped:
            counts[reason] = counts.get(reason, 0) + 1
        kinds = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
        lines.append(f"dropped {len(dropped)} row(s): {kinds}")
    if report.get("missing_components"):
        lines.append(f"missing components: {', '.join(map(str, report['missing_components']))}")
    if report.get("extra_columns"):
        lines.append(f"extra columns (not read): {', '.join(map(str, report['extra_columns']))}")
    return lines
