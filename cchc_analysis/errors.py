"""Errors and warnings raised for bad input.

Every problem with a spreadsheet is reported as an :class:`InputError` whose message names the file,
the sheet and the cell (or row) where it applies, says what is wrong in plain words, and what to do.
"""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """A spreadsheet or argument the library cannot turn into trustworthy numbers.

    Args:
        message: what is wrong, in plain words.
        file: the file it concerns.
        sheet: the sheet name, where it applies.
        cell: an A1 reference (``"C7"``) or a row/column description (``"row 12"``).
        hint: what the analyst can do about it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.sheet = sheet
        self.cell = cell
        self.hint = hint
        super().__init__(self._render())

    @property
    def where(self) -> str:
        """``file, sheet 'X', cell C7`` — as much of the location as is known."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.cell:
            parts.append(self.cell if self.cell.startswith(("row", "column")) else f"cell {self.cell}")
        return ", ".join(parts)

    def _render(self) -> str:
        message = self.message.rstrip()
        if self.hint and message and message[-1] not in ".!?:…":
            message += "."
        text = f"{self.where}: {message}" if self.where else message
        if self.hint:
            if not text.rstrip().endswith((".", "!", "?", "…")):
                text = text.rstrip() + "."
            text += f" {self.hint}"
        return text

    def located(self, *, file: str | Path | None = None, sheet: str | None = None) -> InputError:
        """Return a copy with the file and sheet filled in where they were not yet known."""
        return InputError(
            self.message,
            file=self.file or file,
            sheet=self.sheet if self.sheet is not None else sheet,
            cell=self.cell,
            hint=self.hint,
        )


class NoUnitsError(InputError):
    """A table with a header row but no column naming the units (a summary of blocs, a chart's data): in
    a workbook whose other sheets are read, its sheet is skipped rather than the read refused."""


class InputWarning(UserWarning):
    """Something in a spreadsheet was repaired or dropped; the data read is still correct."""
