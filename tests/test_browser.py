"""Real browser: headless Debian Chromium, driven by Playwright, opens generated reports with no network.

Chromium comes from Debian (``scripts/install_chromium.sh``; ``make test`` runs it), never from
Playwright's own download. Every request that is not for a local file is aborted and recorded.
A screenshot of the report is saved under ``reports/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import cchc_analysis as cchc
from cchc_analysis.report import plan_reports, render_batch, write_index

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "processed"
CHROMIUM = os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = '" onmouseover="x'
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Reports for Đà Nẵng (PAPI 2024) and two Hòa Sơn districts renamed to injection payloads."""
    scores = cchc.load(DATA)
    data = tmp_path_factory.mktemp("data")
    renamed = scores.assign(unit=scores["unit"].replace({"Huyện Cồn Sẻ": HOSTILE, "Huyện Gò Nhạn": SCRIPT}))
    renamed.to_parquet(data / "scores.parquet")
    out = tmp_path_factory.mktemp("site")
    jobs = plan_reports(scores, data_dir=DATA, index="PAPI", units=["Đà Nẵng"], kinds=("unit",))
    jobs += plan_reports(
        cchc.load(data), data_dir=data, index="PAR", units=[HOSTILE, SCRIPT], kinds=("unit",)
    )
    results = render_batch(jobs, out, notebooks_dir=ROOT / "notebooks", workers=2, progress=False)
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    write_index(out, results)
    return out, {r.job.unit: r for r in results}


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install_chromium.sh (make test does).")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh, empty user-data-dir
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


class _Watch:
    """Everything a page did that an offline report must not do."""

    def __init__(self, context, page) -> None:
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on("requestfailed", lambda req: self.failed.append(req.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def assert_clean(self) -> None:
        assert self.blocked == [], f"requests to other hosts: {self.blocked}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"


def _open(context, path: Path):
    page = context.new_page()
    watch = _Watch(context, page)
    page.goto(path.as_uri(), wait_until="load")
    return page, watch


def test_report_opens_offline_with_unit_rank_and_charts(site, browser_context):
    _, results = site
    page, watch = _open(browser_context, Path(results["Đà Nẵng"].path))
    try:
        text = page.inner_text("body")
        assert "Đà Nẵng" in text
        assert re.search(r"\b\d{1,2}/6[0-3]\b", text), "no rank in N/M form"
        charts = page.eval_on_selector_all(
            "img", "els => els.filter(e => e.complete && e.naturalWidth > 200).map(e => e.src.slice(0, 15))"
        )
        assert charts and all(src.startswith("data:image/") for src in charts)
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert page.evaluate("document.scripts.length") == 0
        shot = ROOT / "reports" / "browser-ho-so-da-nang.png"
        shot.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000
        watch.assert_clean()
    finally:
        page.close()


@pytest.mark.parametrize("name", [HOSTILE, SCRIPT])
def test_hostile_unit_names_show_as_text_and_run_nothing(site, browser_context, name):
    _, results = site
    page, watch = _open(browser_context, Path(results[name].path))
    try:
        assert name in page.inner_text("body")
        assert page.locator("[onmouseover]").count() == 0
        page.get_by_text(name, exact=False).first.hover()  # an injected handler would fire here
        page.wait_for_timeout(200)
        assert page.evaluate("document.scripts.length") == 0
        assert "Dữ liệu mô phỏng" in page.inner_text("body")
        watch.assert_clean()
    finally:
        page.close()


def test_index_links_open_the_reports(site, browser_context):
    out, _ = site
    page, watch = _open(browser_context, out / "index.html")
    try:
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert SCRIPT in page.inner_text("body")
        page.get_by_role("link", name="Đà Nẵng").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/papi-2024/ho-so-da-nang.html")
        assert "Đà Nẵng" in page.title()
        watch.assert_clean()
    finally:
        page.close()
