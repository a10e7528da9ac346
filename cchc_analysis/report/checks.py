"""Checks every published report passes: offline, self-contained, small, Vietnamese, script-free payloads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["MAX_BYTES", "Finding", "ReportError", "external_references", "report_problems"]

#: Largest report accepted, in bytes (1.5 MB).
MAX_BYTES = 1_500_000

#: Attributes whose URL the browser fetches by itself when the page loads.
_FETCHING = {"src", "srcset", "data", "poster", "background", "xlink:href", "action", "formaction"}
#: Elements whose ``href`` is fetched (a stylesheet, an icon, a preload), unlike a link the reader clicks.
_FETCHING_HREF_TAGS = {"link", "base", "image", "use", "feimage"}
#: Attributes that hold a URL: where a ``javascript:`` value would run. Text attributes (``alt``,
#: ``title``) may legitimately hold such words, e.g. a chart titled with a unit's name.
_URL_ATTRS = _FETCHING | {
    "href",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "codebase",
    "archive",
    "icon",
    "usemap",
}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")\s]+)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]+)\3""", re.I)
_SCRIPT_URL = re.compile(r"""(?<![\w.])(?:https?:)?//[a-z0-9][\w.-]*\.[a-z]{2,}[^\s'"<>)]*""", re.I)


class ReportError(RuntimeError):
    """A report that could not be rendered or does not pass the publication checks."""


@dataclass(frozen=True)
class Finding:
    """One URL in a report that points outside the file, or runs script.

    Attributes:
        kind: ``"request"`` (loaded with the page), ``"link"`` (followed only when clicked) or
            ``"script-url"`` (a ``javascript:`` URL).
        where: the element and attribute (``"img src"``), ``"css"`` or ``"script"``.
        url: the URL as written.
    """

    kind: str
    where: str
    url: str


def _is_external(url: str) -> bool:
    u = url.strip().lower()
    return bool(re.match(r"^(https?:|ftp:|wss?:|//)", u))


def _is_script(url: str) -> bool:
    return bool(re.match(r"^(javascript|vbscript):", re.sub(r"[\s\x00-\x1f]", "", url).lower()))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self._in: str | None = None

    def _css(self, text: str, where: str) -> None:
        for m in _CSS_URL.finditer(text):
            url = m.group("url") or m.group("imp") or ""
            if _is_external(url):
                self.findings.append(Finding("request", where, url))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag if tag in ("style", "script") else None
        for name, value in attrs:
            if value is None:
                continue
            if name == "style":
                self._css(value, f"{tag} style")
                continue
            urls = [value]
            if name == "srcset":
                urls = [part.split()[0] for part in value.split(",") if part.strip()]
            for url in urls:
                if name in _URL_ATTRS and _is_script(url):
                    self.findings.append(Finding("script-url", f"{tag} {name}", url))
                elif _is_external(url):
                    fetched = name in _FETCHING or (name == "href" and tag in _FETCHING_HREF_TAGS)
                    if fetched or name == "href":
                        self.findings.append(Finding("request" if fetched else "link", f"{tag} {name}", url))

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self._css(data, "css")
        elif self._in == "script":
            self.findings.extend(Finding("request", "script", m.group(0)) for m in _SCRIPT_URL.finditer(data))


def external_references(html: str) -> list[Finding]:
    """Every URL in ``html`` that reaches outside the file, and every ``javascript:`` URL.

    ``data:`` URIs and ``#anchors`` are inside the file and not reported; ``xmlns`` namespace names are
    not URLs the browser loads and are not reported either.
    """
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.findings


def report_problems(html: str, *, max_bytes: int = MAX_BYTES, allow_links: bool = False) -> list[str]:
    """What keeps ``html`` from being published as an offline report; empty when it passes.

    Checks: ``<html lang="vi">``, at most ``max_bytes`` bytes, no resource fetched from another host
    (script, stylesheet, image, font, frame), no ``javascript:`` URL, and, unless ``allow_links``, no
    clickable link to another host either.
    """
    problems = []
    size = len(html.encode("utf-8"))
    if size > max_bytes:
        problems.append(f"report is {size / 1e6:.2f} MB, more than the {max_bytes / 1e6:.2f} MB limit")
    if not re.search(r"<html\b[^>]*\blang=\"vi\"", html[:2000]):
        problems.append('the page does not declare <html lang="vi">')
    for f in external_references(html):
        if f.kind == "link" and allow_links:
            continue
        what = {"request": "loads", "link": "links to", "script-url": "runs script from"}[f.kind]
        problems.append(f"{f.where} {what} {f.url[:120]}")
    return problems
