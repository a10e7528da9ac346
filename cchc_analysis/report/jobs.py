"""Which reports to render for a score table: one per unit, plus overviews, content areas and progress."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..frameworks.sheet import packaged
from .files import slugify, unique_slug

__all__ = ["KIND_LABELS", "NOTEBOOKS", "PERIOD_LABELS", "ReportJob", "default_notebooks_dir", "plan_reports"]

#: Notebook file rendered for each kind of report.
NOTEBOOKS = {
    "overview": "01_tong_quan.ipynb",
    "unit": "02_ho_so_don_vi.ipynb",
    "area": "03_linh_vuc.ipynb",
    "progress": "04_tien_do.ipynb",
}

#: What the index page calls each kind of report.
KIND_LABELS = {"overview": "Tổng quan", "unit": "Hồ sơ đơn vị", "area": "Lĩnh vực", "progress": "Tiến độ"}

#: Reading of in-year periods.
PERIOD_LABELS = {"Q1": "quý I", "H1": "6 tháng", "Q2": "6 tháng", "9M": "9 tháng", "Q3": "9 tháng"}

_STAGE_ORDER = ("published", "appraised", "self", "estimate")
_FILE_PREFIX = {"overview": "tong-quan", "unit": "ho-so", "area": "linh-vuc", "progress": "tien-do"}


@dataclass
class ReportJob:
    """One report to render: a notebook, its parameters, where the page goes and what the index shows.

    Attributes:
        kind: ``"overview"``, ``"unit"``, ``"area"`` or ``"progress"``.
        notebook: notebook file name inside the notebooks folder.
        parameters: values for the notebook's ``parameters`` cell.
        required: parameter names the notebook must declare; the others are passed only when declared.
        path: output path relative to the report folder (``"papi-2024/ho-so-da-nang.html"``).
        title: page title.
        index, year, period, peer_group, unit, area: what the report is about.
        score, max_score, rank, rank_of: the headline figures the index page lists.
        simulated: the data behind it are simulated (the page carries the banner).
    """

    kind: str
    notebook: str
    parameters: dict[str, object]
    required: tuple[str, ...]
    path: str
    title: str
    index: str
    year: int
    period: str = "year"
    peer_group: str | None = None
    unit: str | None = None
    area: str | None = None
    score: float | None = None
    max_score: float | None = None
    rank: int | None = None
    rank_of: int | None = None
    simulated: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the current folder or its nearest parent that has one, else of the source tree."""
    for base in [Path.cwd(), *Path.cwd().parents]:
        if (base / "notebooks" / NOTEBOOKS["unit"]).exists():
            return base / "notebooks"
    return Path(__file__).resolve().parents[2] / "notebooks"


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text))


def _num(x: object) -> float | None:
    return None if pd.isna(x) else float(x)


def _int(x: object) -> int | None:
    return None if pd.isna(x) else int(x)


def _match_units(wanted: list[str], known: list[str]) -> list[str]:
    by_key = {_nfc(u).casefold(): u for u in known}
    found = []
    for name in wanted:
        hit = by_key.get(_nfc(name).strip().casefold())
        if hit is None:
            by_slug = {slugify(u): u for u in known}
            near = difflib.get_close_matches(slugify(name), list(by_slug), n=3, cutoff=0.6)
            close = [by_slug[s] for s in near]
            raise InputError(
                f"No unit called {name!r} in the data selected.",
                hint=(f"Did you mean {', '.join(close)}? " if close else "")
                + "Give the canonical name as in the score table (see `cchc read`).",
            )
        found.append(hit)
    return found


def _totals(slice_: pd.DataFrame) -> pd.DataFrame:
    from ..analysis import aggregate, rank

    agg = aggregate(slice_)
    ranked = rank(agg[agg["component"] == "total"])
    return agg, ranked.set_index(["peer_group", "unit"])


def _top_areas(agg: pd.DataFrame) -> list[tuple[str, str]]:
    from ..frameworks import code_key

    top = agg[(agg["component"] != "total") & ~agg["component"].str.contains(".", regex=False)]
    pairs = top.drop_duplicates("component")[["component", "component_name"]].itertuples(index=False)
    return sorted(((str(c), _nfc(n)) for c, n in pairs), key=lambda p: code_key(p[0]))


def plan_reports(
    scores: pd.DataFrame,
    *,
    data_dir: str | Path,
    index: str | list[str] | None = None,
    year: int | None = None,
    units: list[str] | None = None,
    kinds: tuple[str, ...] = ("overview", "unit", "area", "progress"),
    target_rank: int | None = None,
) -> list[ReportJob]:
    """Every report that makes sense for ``scores``.

    For each index (or the ones named), the year given or else the latest year with annual scores:
    one overview and one report per content area for each peer group, one profile per unit, and one
    progress report per unit with in-year scores (``9M``…) for that year.

    Args:
        scores: the tidy score table.
        data_dir: folder of ``scores.parquet``, passed to the notebooks as ``data_dir`` (made absolute).
        index: index name(s) (``"PAPI"``, ``"PAR"``); all when ``None``.
        year: year assessed; the latest with annual scores per index when ``None``.
        units: only these units' profiles and progress reports (no overview or area reports).
        kinds: which kinds of report to plan.
        target_rank: the rank every profile works towards; the notebook's default when ``None``.

    Returns:
        The jobs, in a stable order: by index, then overview, areas, units, progress.

    Raises:
        InputError: an index, year or unit that is not in the data.
    """
    from ..io.layouts import simulated_sources

    data_dir = str(Path(data_dir).resolve())
    indices = sorted(scores["index"].unique())
    if index is not None:
        wanted = [index] if isinstance(index, str) else list(index)
        by_key = {i.casefold(): i for i in indices}
        missing = [i for i in wanted if i.casefold() not in by_key]
        if missing:
            raise InputError(
                f"No scores for index {', '.join(missing)}.", hint=f"The data hold: {', '.join(indices)}."
            )
        indices = [by_key[i.casefold()] for i in wanted]

    jobs: list[ReportJob] = []
    taken: set[str] = set()
    unit_hits: set[str] = set()
    all_units: set[str] = set()
    for idx in indices:
        sub = scores[scores["index"] == idx]
        annual = sub[sub["period"] == "year"]
        years = sorted(int(y) for y in annual["year"].unique())
        if not years:
            continue
        yr = year if year is not None else years[-1]
        if yr not in years:
            if index is not None:
                raise InputError(
                    f"No annual {idx} scores for {yr}.",
                    hint=f"Years with data: {', '.join(map(str, years))}.",
                )
            continue
        stages = set(annual.loc[annual["year"] == yr, "stage"])
        stage = next(s for s in _STAGE_ORDER if s in stages)
        slice_ = annual[(annual["year"] == yr) & (annual["stage"] == stage)]
        inyear = sub[(sub["year"] == yr) & (sub["period"] != "year")]
        simulated = bool(simulated_sources(pd.concat([slice_, inyear])))
        agg, totals = _totals(slice_)
        folder = f"{slugify(idx)}-{yr}"
        common = {"index": idx, "year": yr, "data_dir": data_dir}
        all_units.update(_nfc(u) for u in slice_["unit"].unique())
        all_units.update(_nfc(u) for u in inyear["unit"].unique())

        def add(kind: str, name: str, _at=(folder, idx, yr, simulated), **kw: object) -> None:
            slug = unique_slug(f"{_FILE_PREFIX[kind]}-{name}", taken)
            where, index_, year_, simulated_ = _at
            job = ReportJob(
                kind=kind,
                notebook=NOTEBOOKS[kind],
                path=f"{where}/{slug}.html",
                **kw,
                index=index_,
                year=year_,
                simulated=simulated_,
            )
            jobs.append(job)

        for peer in sorted(slice_["peer_group"].unique()):
            peer = str(peer)
            group = agg[agg["peer_group"] == peer]
            # the year to compare with is one this group has scores in (not another group's)
            group_years = annual.loc[annual["peer_group"] == peer, "year"]
            base_year = max((int(y) for y in group_years if y < yr), default=None)
            if units is None and "overview" in kinds:
                add(
                    "overview",
                    peer,
                    parameters={**common, "peer_group": peer, "base_year": base_year},
                    required=("index", "year"),
                    title=f"Tổng quan {idx} {yr} — {peer}",
                    peer_group=peer,
                )
            if units is None and "area" in kinds:
                # "Lĩnh vực", or what the criteria set calls its areas (PAPI: "Chỉ số nội dung")
                frameworks = group["framework"].dropna()
                fw = packaged(frameworks.iloc[0]) if len(frameworks) else None
                area_word = fw.level_word(1).capitalize() if fw is not None else KIND_LABELS["area"]
                for code, name in _top_areas(group):
                    add(
                        "area",
                        f"{peer}-{code}",
                        parameters={**common, "peer_group": peer, "component": code, "base_year": base_year},
                        required=("index", "year", "component"),
                        title=f"{area_word} {code}. {name} — {idx} {yr}, {peer}",
                        peer_group=peer,
                        area=f"{code}. {name}",
                    )
            if "unit" not in kinds:
                continue
            names = sorted(_nfc(u) for u in group["unit"].unique())
            if units is not None:
                chosen = {_nfc(u).casefold() for u in units}
                names = [u for u in names if u.casefold() in chosen]
                unit_hits.update(u.casefold() for u in names)
            for name in names:
                row = totals.loc[(peer, name)] if (peer, name) in totals.index else None
                params = {**common, "unit": name, "peer_group": peer, "base_year": base_year}
                if target_rank is not None:
                    params["target_rank"] = int(target_rank)
                add(
                    "unit",
                    name,
                    parameters=params,
                    required=("unit", "index", "year"),
                    title=f"Hồ sơ {name} — {idx} {yr}",
                    peer_group=peer,
                    unit=name,
                    score=None if row is None else _num(row["score"]),
                    max_score=None if row is None else _num(row["max_score"]),
                    rank=None if row is None else _int(row["rank"]),
                    rank_of=None if row is None else _int(row["rank_of"]),
                )

        if "progress" not in kinds:
            continue
        for period in sorted(inyear["period"].unique()):
            rows = inyear[inyear["period"] == period]
            for name in sorted(_nfc(u) for u in rows["unit"].unique()):
                if units is not None:
                    if name.casefold() not in {_nfc(u).casefold() for u in units}:
                        continue
                    unit_hits.add(name.casefold())
                label = PERIOD_LABELS.get(str(period), str(period))
                reached = _progress_total(sub, name, yr, str(period), idx)
                add(
                    "progress",
                    f"{period}-{name}",
                    parameters={**common, "unit": name, "period": str(period)},
                    required=("unit", "index", "year"),
                    title=f"Tiến độ {label} năm {yr} — {name}",
                    period=str(period),
                    peer_group=str(rows["peer_group"].iloc[0]),
                    unit=name,
                    score=reached[0],
                    max_score=reached[1],
                )

    if units is not None:
        missed = [u for u in units if _nfc(u).strip().casefold() not in unit_hits]
        if missed:
            _match_units(missed, sorted(all_units))
    return jobs


def _progress_total(scores: pd.DataFrame, unit: str, year: int, period: str, index: str) -> tuple:
    from ..analysis import progress

    try:
        table = progress(scores, unit, year, period, index=index)
    except InputError:
        return None, None
    total = table[table["component"] == "total"]
    if total.empty:
        return None, None
    return _num(total["reached"].iloc[0]), _num(total["max_score"].iloc[0])
