"""``reports/index.html``: every report with its unit, year and score, and ``manifest.json`` behind it.

The manifest keeps what earlier runs rendered, so rendering one unit again (``cchc report --unit …``)
updates its line and leaves the rest of the index in place.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from html import escape
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

from .. import fmt
from ..frameworks import LEVEL_WORDS_PAPI
from .batch import JobResult
from .files import atomic_write_text
from .jobs import KIND_LABELS, PERIOD_LABELS

__all__ = ["MANIFEST", "update_manifest", "write_index"]

MANIFEST = "manifest.json"
_KIND_ORDER = {"overview": 0, "area": 1, "unit": 2, "progress": 3}

_CSS = """
body { font: 15px/1.45 "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #1f2933; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 26px; margin: 8px 0 4px; } h2 { margin-top: 36px; border-bottom: 2px solid #d0d7de; }
h3 { margin: 22px 0 8px; font-size: 17px; }
.meta { color: #52606d; }
.cchc-banner { padding: 8px 14px; border: 2px solid #b45309; border-radius: 6px; background: #fef3c7;
  color: #78350f; font-weight: 600; margin: 10px 0; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { background: #f5f7fa; } td.num, th.num { text-align: right; white-space: nowrap; }
.failed { color: #b91c1c; } .failed td:first-child { font-weight: 600; }
ul.links { columns: 2; padding-left: 20px; } ul.links li { break-inside: avoid; margin-bottom: 3px; }
@media print { a { color: inherit; text-decoration: none; } }
"""


def update_manifest(out_dir: str | Path, results: list[JobResult]) -> list[dict]:
    """Merge ``results`` into ``out_dir/manifest.json`` (written atomically) and return its entries.

    Entries of earlier runs are kept while their page still exists; this run's entries replace them.
    """
    out_dir = Path(out_dir)
    entries: dict[str, dict] = {}
    try:
        old = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        entries = {e["path"]: e for e in old.get("reports", []) if isinstance(e, dict) and "path" in e}
    except (OSError, ValueError, AttributeError):
        entries = {}
    entries = {p: e for p, e in entries.items() if e.get("ok") and (out_dir / p).is_file()}
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    for r in results:
        job = asdict(r.job)
        job.pop("parameters", None)
        job.pop("required", None)
        job.pop("extra", None)
        entries[r.job.path] = {**job, "ok": r.ok, "error": r.error, "rendered_at": stamp}
    ordered = sorted(entries.values(), key=_sort_key)
    atomic_write_text(out_dir / MANIFEST, json.dumps({"reports": ordered}, ensure_ascii=False, indent=1))
    return ordered


def _sort_key(e: dict) -> tuple:
    return (
        str(e.get("index")),
        -int(e.get("year") or 0),
        _KIND_ORDER.get(e.get("kind"), 9),
        str(e.get("peer_group") or ""),
        (e.get("rank") or 10**6) if e.get("kind") == "unit" else 0,
        str(e.get("path")),
    )


def _link(entry: dict, text: str) -> str:
    if entry.get("ok"):
        return f'<a href="{escape(quote(entry["path"]))}">{escape(text)}</a>'
    return f'{escape(text)} <span class="failed">(lỗi: {escape(str(entry.get("error") or ""))})</span>'


def _score(e: dict) -> str:
    return fmt.points(e.get("score"), e.get("max_score")) if e.get("score") is not None else fmt.NA


def _unit_table(entries: list[dict], progress: bool = False) -> str:
    head = (
        "<tr><th>Đơn vị</th><th>Kỳ</th><th class=num>Điểm đạt</th></tr>"
        if progress
        else "<tr><th>Đơn vị</th><th>Năm</th><th class=num>Điểm</th><th class=num>Xếp hạng</th></tr>"
    )
    rows = []
    for e in entries:
        cls = "" if e.get("ok") else ' class="failed"'
        unit = _link(e, e.get("unit") or e.get("title") or "")
        if progress:
            period = PERIOD_LABELS.get(str(e.get("period")), str(e.get("period")))
            rows.append(
                f"<tr{cls}><td>{unit}</td><td>{escape(period)} năm {escape(fmt.year(e['year']))}</td>"
                f"<td class=num>{escape(_score(e))}</td></tr>"
            )
        else:
            rank = fmt.rank(e.get("rank"), e.get("rank_of"))
            rows.append(
                f"<tr{cls}><td>{unit}</td><td>{escape(fmt.year(e['year']))}</td>"
                f"<td class=num>{escape(_score(e))}</td><td class=num>{escape(rank)}</td></tr>"
            )
    return f"<table>{head}{''.join(rows)}</table>"


def _section(index: str, year: int, entries: list[dict]) -> str:
    parts = [f"<section><h2>{escape(index)} {escape(fmt.year(year))}</h2>"]
    if any(e.get("simulated") for e in entries):
        parts.append(
            '<div class="cchc-banner" role="note">Dữ liệu mô phỏng — các báo cáo trong mục này '
            "dựng từ dữ liệu mẫu, không phải kết quả công bố chính thức.</div>"
        )
    general = [e for e in entries if e["kind"] in ("overview", "area")]
    if general:
        items = "".join(f"<li>{_link(e, e['title'])}</li>" for e in general)
        areas = LEVEL_WORDS_PAPI[1] if index == "PAPI" else KIND_LABELS["area"].lower()
        heading = f"{KIND_LABELS['overview']} và {areas}"
        parts.append(f'<h3>{heading}</h3><ul class="links">{items}</ul>')
    units = [e for e in entries if e["kind"] == "unit"]
    for peer, group in groupby(units, key=lambda e: e.get("peer_group") or ""):
        group = list(group)
        parts.append(f"<h3>{KIND_LABELS['unit']}: {escape(peer)} ({len(group)} đơn vị)</h3>")
        parts.append(_unit_table(group))
    progress = [e for e in entries if e["kind"] == "progress"]
    if progress:
        parts.append(f"<h3>{KIND_LABELS['progress']} trong năm</h3>{_unit_table(progress, progress=True)}")
    parts.append("</section>")
    return "".join(parts)


def write_index(out_dir: str | Path, results: list[JobResult]) -> Path:
    """Update the manifest with ``results`` and write ``out_dir/index.html`` (atomically) from it.

    Returns:
        The path of ``index.html``.
    """
    entries = update_manifest(out_dir, results)
    ok = sum(1 for e in entries if e.get("ok"))
    failed = len(entries) - ok
    body = [
        "<h1>Báo cáo chỉ số cải cách hành chính</h1>",
        f'<p class="meta">Cập nhật ngày {dt.date.today():%d/%m/%Y} · {fmt.number(ok, 0)} báo cáo'
        + (f' · <span class="failed">{fmt.number(failed, 0)} báo cáo lỗi</span>' if failed else "")
        + "</p>",
    ]
    if not entries:
        body.append("<p>Chưa có báo cáo nào.</p>")
    sections = groupby(entries, key=lambda e: (str(e.get("index")), int(e.get("year") or 0)))
    for (index, year), group in sections:
        body.append(_section(index, year, list(group)))
    page = (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Báo cáo chỉ số cải cách hành chính</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body><main>{''.join(body)}</main></body>\n</html>\n"
    )
    return atomic_write_text(Path(out_dir) / "index.html", page)
