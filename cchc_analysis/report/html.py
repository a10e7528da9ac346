"""Executed notebook → one self-contained, offline HTML page (nbconvert with the ``offline`` template)."""

from __future__ import annotations

import copy
import unicodedata
from pathlib import Path

import nbformat

__all__ = [
    "SIMULATED_TEXT",
    "TEMPLATE_DIR",
    "make_exporter",
    "notebook_opens_with_banner",
    "notebook_says_simulated",
    "render_html",
    "strip_for_publication",
]

#: Folder holding the ``offline`` nbconvert template (extends ``lab``, no CDN scripts).
TEMPLATE_DIR = Path(__file__).parent / "templates"

#: The banner every report built from simulated data carries.
SIMULATED_TEXT = "Dữ liệu mô phỏng"


def make_exporter():
    """An ``HTMLExporter`` for the offline template: code hidden, prompts hidden, ``lang="vi"``.

    Building one takes a noticeable fraction of a second (template loading, CSS inlining set-up), so a
    batch builds one per worker and reuses it.
    """
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="vi",
        embed_images=True,
    )


def _texts(nb: nbformat.NotebookNode):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            yield cell.source
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                yield out.get("text", "")
            for mime in ("text/html", "text/markdown", "text/plain"):
                value = out.get("data", {}).get(mime)
                if value:
                    yield value if isinstance(value, str) else "".join(value)


def notebook_says_simulated(nb: nbformat.NotebookNode) -> bool:
    """True when the notebook's text or outputs already say "Dữ liệu mô phỏng" (any case, NFC or NFD)."""
    needle = SIMULATED_TEXT.casefold()
    return any(needle in unicodedata.normalize("NFC", t).casefold() for t in _texts(nb))


def notebook_opens_with_banner(nb: nbformat.NotebookNode) -> bool:
    """True when the first thing the notebook displays is its own "Dữ liệu mô phỏng" banner."""
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                continue
            html = out.get("data", {}).get("text/html", "")
            html = html if isinstance(html, str) else "".join(html)
            return "cchc-banner" in html and SIMULATED_TEXT in unicodedata.normalize("NFC", html)
    return False


def strip_for_publication(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[str]]:
    """A copy without what a reader should not see: stderr streams (warnings) and widget state.

    Returns:
        The cleaned notebook and the stderr texts removed (kept for the run log).
    """
    nb = copy.deepcopy(nb)
    removed = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                removed.append(out.get("text", ""))
            else:
                kept.append(out)
        cell.outputs = kept
    nb.metadata.pop("widgets", None)
    return nb, removed


def render_html(
    nb: nbformat.NotebookNode,
    *,
    title: str,
    simulated: bool = False,
    footer: str | None = None,
    exporter=None,
) -> str:
    """Render an executed notebook to one offline HTML page.

    Args:
        nb: the executed notebook (not modified).
        title: the page title (escaped by the template).
        simulated: show the "Dữ liệu mô phỏng" banner at the top of the page. It is shown as well when
            the notebook's own output mentions simulated data, so a notebook cannot forget it, and left
            out only when the notebook's first output already is that banner.
        footer: a line of text at the foot of the page (escaped).
        exporter: an exporter from :func:`make_exporter` to reuse; a new one when ``None``.

    Returns:
        The HTML text.
    """
    nb, _ = strip_for_publication(nb)
    nb.metadata["title"] = unicodedata.normalize("NFC", str(title))
    nb.metadata["cchc"] = {
        "simulated": bool(simulated or notebook_says_simulated(nb)) and not notebook_opens_with_banner(nb),
        "footer": unicodedata.normalize("NFC", footer) if footer else "",
    }
    exporter = exporter or make_exporter()
    body, _ = exporter.from_notebook_node(nb)
    return body
