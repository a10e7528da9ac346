"""Recognise the common shapes of province score sheets without a layout file.

What is found here: the text of a sheet made clean (legacy encodings decoded, NFC, merged cells filled),
facts stated in the title rows (index, year, period, unit), where the header is, what each column holds,
and what the cell engine does not show (Excel error values, formulas never calculated, hidden rows).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, pairwise
from pathlib import Path

from ..frameworks import english_words, header_code, roman_number
from .grid import Sheet
from .legacy import decode_legacy, detect_legacy
from .safety import DEFAULT_LIMITS, Ole2, _records, check_zip, take_recent_extents, xlsx_extents
from .text import PLAIN_NUMBER, clean_text, match_key

# ---------------------------------------------------------------------------------------------------------
# Cleaning a sheet


def clean_sheet(sheet: Sheet) -> tuple[list[list[object]], list[str]]:
    """Cells with text cleaned and merged ranges filled from their top-left cell.

    Legacy TCVN3/VNI text is decided per sheet: when cells show the legacy signature and no cell holds a
    character only Unicode can write, every 8-bit text cell is decoded with that encoding (short cells such
    as "STT" carry no signature of their own).

    Returns:
        The cleaned rows (same shape as ``sheet.cells``) and notes on what was done.
    """
    notes: list[str] = []
    rows = list(sheet.cells)  # each row is replaced by its cleaned copy below
    encoding = _sheet_legacy_encoding(rows)
    if encoding:
        notes.append(f"sheet '{sheet.name}': text in legacy {encoding.upper()} encoding decoded to Unicode")
    if encoding:

        def clean(value: str) -> str | None:
            if any("\x80" <= ch <= "\xff" for ch in value):
                value = decode_legacy(value, encoding)
            return clean_text(value)

    else:
        clean = _clean_cached
    for r, row in enumerate(rows):
        # one pass per row; floats and None (most cells) are kept as they are
        rows[r] = [clean(v) if v.__class__ is str else (None if v != v else v) for v in row]
    for r0, c0, r1, c1 in sheet.merged:
        if r0 >= len(rows):
            continue
        top = rows[r0][c0] if c0 < len(rows[r0]) else None
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if row[c] is None:
                    row[c] = top
    return rows, notes


@lru_cache(maxsize=65536)
def _clean_cached(value: str) -> str | None:
    if PLAIN_NUMBER.fullmatch(value):
        return value  # "7.1234" (a CSV's numbers): ASCII, no space, nothing to clean
    return clean_text(value)


def clear_majority(values: Iterable[str]) -> str | None:
    """The value four in five of ``values`` agree on; None when there is none or they are split."""
    counts = Counter(values)
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    return best if n >= 0.8 * counts.total() else None


def _sheet_legacy_encoding(rows: list[list[object]]) -> str | None:
    votes: list[str] = []
    for row in rows[:400]:
        for value in row:
            if value.__class__ is not str or value.isascii():
                continue  # plain ASCII is neither Unicode Vietnamese nor legacy-encoded
            if any(ord(ch) > 0xFF and ch.isalpha() for ch in value):
                return None  # real Unicode Vietnamese present: nothing to decode
            kind = detect_legacy(value)
            if kind:
                votes.append(kind)
    # a sheet is typed in one font: a clear majority decides for cells that read both ways;
    # a split vote leaves each cell to decide for itself (clean_text)
    return clear_majority(votes)


# ---------------------------------------------------------------------------------------------------------
# Facts in titles and file names

# DDCI's name: "năng lực cạnh tranh cấp sở, ngành", "… các sở, ban, ngành và địa phương" (not "cấp tỉnh")
_DDCI = re.compile(
    r"\bddci\b|nang luc canh tranh (?:cap |cua )?(?:cac )?(?:so|huyen)\b"
    # "… CỦA CÁC ĐỊA PHƯƠNG, SỞ, BAN, NGÀNH", "… CẤP ĐỊA PHƯƠNG NĂM 2023 CỦA CÁC HUYỆN": departments or
    # districts ranked (the localities alone, or "cấp tỉnh", are PCI's provinces)
    # (PCI named anywhere, or "sở, ban, ngành" only in a line far after, as a recipient: PCI's)
    r"|nang luc canh tranh\b(?!.*\b(?:cap tinh|pci)\b).{0,80}?"
    r"\b(?:so ban nganh|so nganh|cac so|cac huyen|cac thi xa)\b"
)
INDEX_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("SIPAS", re.compile(r"\bsipas\b|\bhai long\b")),
    ("PAPI", re.compile(r"\bpapi\b|hieu qua quan tri va hanh chinh cong")),
    ("DDCI", _DDCI),
    ("PCI", re.compile(r"\bpci\b|nang luc canh tranh cap tinh")),
    ("DGI", re.compile(r"\bdgi\b|hieu qua quan tri cap huyen")),
    ("DTI", re.compile(r"\bdti\b|chuyen doi so")),
    ("PAR", re.compile(r"\bpar\b|par index|cai cach hanh chinh|\bcchc\b")),
]

# CCHC reports are cumulative: "quý II và 6 tháng đầu năm", "quý III và 9 tháng"; the self-assessment
# of quý IV or of the last six months is the year's. Those readings get a note (PERIOD_NOTES).
PERIOD_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("year", re.compile(r"\b6 thang cuoi nam\b|\bquy (?:iv|4)\b")),
    ("9M", re.compile(r"\b9 thang\b|\bchin thang\b|\bquy (?:iii|3)\b")),
    ("H1", re.compile(r"\b6 thang\b|\bsau thang\b|nua dau nam|\bquy (?:ii|2)\b")),
    ("Q1", re.compile(r"\bquy i\b|\bquy 1\b")),
    ("10M", re.compile(r"\b10 thang\b")),
    ("11M", re.compile(r"\b11 thang\b")),
]
PERIOD_NOTES = {
    re.compile(r"\bquy (?:ii|2)\b"): "quý II is read as the first six months (H1)",
    re.compile(r"\bquy (?:iii|3)\b"): "quý III is read as the first nine months (9M)",
    re.compile(r"\bquy (?:iv|4)\b"): "quý IV is read as the whole year",
    re.compile(r"\b6 thang cuoi nam\b"): "the last six months are read as the whole year",
}

LEVEL_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("commune", re.compile(r"\bcap xa\b|xa phuong thi tran|xa phuong dac khu")),
    ("district", re.compile(r"\bcap huyen\b|huyen thi xa thanh pho")),
    ("department", re.compile(r"\bcap so\b|so ban nganh")),
    ("ministry", re.compile(r"\bcac bo\b|\bbo co quan ngang bo\b")),
    ("province", re.compile(r"\bcap tinh\b|tinh thanh pho truc thuoc trung uong")),
]

_YEAR = r"(?:19[5-9]\d|20\d\d)"  # a year a table can be of, as every year pattern below spells it
_YEAR_IN_TITLE = re.compile(rf"\bnam ({_YEAR})\b")
# "GIAI ĐOẠN 2019-2023", "NĂM 2019 - 2023", "2021 đến 2023" (in a match key: dashes are spaces)
_SPAN = re.compile(r"\b(20\d\d) (?:den |toi |to )?(20\d\d)\b")
# "Hải Hà, ngày 05 tháng 7 năm 2024" in the heading block dates the document, not the year assessed
_DATE = re.compile(r"\bngay \d{1,2} thang \d{1,2}(?: nam \d{4})?\b")
# an English title: "THE PROVINCIAL COMPETITIVENESS INDEX (PCI) 2022"
#: The indices' short names as titles and headers write them (in a match key).
_INDEX_NAMES = ("pci", "papi", "sipas", "ddci", "dgi", "dti", "par index")
_INDEX_NAME = rf"(?:{'|'.join(_INDEX_NAMES)})"
_YEAR_AFTER_INDEX = re.compile(rf"\b{_INDEX_NAME} ({_YEAR})\b")
# "QUÝ III/2024", "9 THÁNG/2024", "QUÝ I.2024", "6 tháng đầu năm 2024" (in a match key)
_YEAR_AFTER_PERIOD = re.compile(
    rf"\b(?:quy (?:i|ii|iii|iv|[1-4])|\d{{1,2}} thang(?: dau nam| cuoi nam)?) ({_YEAR})\b"
)
# a title naming the units of July 2025 ("34 tỉnh, thành phố", "sau sắp xếp", "sau sáp nhập")
_AFTER_2025 = re.compile(r"\b34 tinh\b|\bsau (?:sap xep|sap nhap|hop nhat)\b|\b3 ?321 xa\b")
# a document's number ("số 2041/QĐ-UBND", "Hướng dẫn 2022/HD-SNV") or its month ("Hải Hà, tháng 3/2024"): no
# year assessed, for a title naming no other
_DOCUMENT_CODES = r"(?:qd|kh|bc|tb|cv|tt|nd|ct|hd|nq|ttr)"  # "QĐ", "KH", "BC" … in a document's number
_NUMBERED = rf"\b\d+ (?:{_DOCUMENT_CODES}|bnv|ubnd|snv)\b"
_DOCUMENT_NUMBER = re.compile(rf"{_NUMBERED}|\bthang \d{{1,2}} (?:19|20)\d\d\b")
# a document cited by its number and date ("Quyết định số 612/QĐ-UBND ngày 10/3/2024", "Báo cáo số
# 350/BC-UBND tháng 11/2023", "Kế hoạch 45/KH-UBND"): they name no year or month assessed, though the
# words around them may ("… về việc công bố Chỉ số CCHC năm 2023") (in a match key)
_DOCUMENT_KINDS = r"(?:quyet dinh|bao cao|cong van|ke hoach|thong bao|huong dan|to trinh|nghi quyet)"
_DOCUMENT_DATE = r"(?:ngay(?: \d{1,2})? (?:thang )?\d{1,2}|thang \d{1,2}) (?:nam )?(?:19|20)\d\d"
_CITED_DOCUMENT = re.compile(
    rf"(?:\b{_DOCUMENT_KINDS}(?: so)? )?\b\d+ {_DOCUMENT_CODES}\b(?: [a-z]{{2,6}}\b)?"
    rf"(?: {_DOCUMENT_DATE})?|\b{_DOCUMENT_KINDS}(?: so)? {_DOCUMENT_DATE}"
)
# the one month a table is of: "KẾT QUẢ CHẤM ĐIỂM CCHC THÁNG 10/2024", "CÁC XÃ THÁNG 6 NĂM 2024" (in a match
# key), not after words that make it a date or a span's end: "ngày … tháng 11", "cập nhật tháng 6/2024",
# "công bố tháng 3", "ban hành tháng 5", "từ tháng 8 đến tháng 10"
_MONTH = re.compile(
    rf"(?<!\bngay )(?<!\bnhat )(?<!\bbo )(?<!\bhanh )(?<!\bden )(?<!\btu )(?<!\bsat )(?<!\d )"
    rf"\bthang (1[0-2]|0?[1-9])(?: nam)? ({_YEAR})\b"
)
# the months from January, "TỪ THÁNG 01/2024 ĐẾN THÁNG 9/2024": the year to September (not on a survey's line)
_MONTHS_FROM_JANUARY = re.compile(
    rf"\btu thang 0?1(?: nam)?(?: {_YEAR})? den (?:het )?thang (1[0-2]|0?[1-9])(?: nam)? ({_YEAR})\b"
)
_SURVEY_TIME = re.compile(r"\b(?:khao sat|dieu tra|thoi gian)\b")  # "Thời gian khảo sát: từ tháng 01 …"
# a survey of people's views and its month ("Thời gian điều tra: tháng 9/2023", "Khảo sát trong tháng
# 10/2023", "Điều tra xã hội học tháng 9/2023", "Phiếu khảo sát … thu về trong tháng 10"), not the month
# assessed ("KẾT QUẢ KIỂM TRA, KHẢO SÁT CÔNG TÁC CCHC THÁNG 10/2024" is of October, and so is "THEO THỜI
# GIAN THỰC THÁNG 10/2024")
_SURVEY_MONTH = re.compile(
    r"\bthoi gian (?:dieu tra|khao sat|thu thap|lay y kien|phat phieu)\b"
    # "Điểm điều tra xã hội học được thực hiện trong tháng 11/2023"
    r"|\b(?:dieu tra xa hoi hoc|xhh|khao sat|dieu tra)(?: \w+){0,5} (?:trong|vao) thang\b"
    r"|\b(?:dieu tra xa hoi hoc|xhh|(?:khao sat|lay) y kien(?: \w+){0,4}"
    r"|phieu (?:khao sat|dieu tra)(?: \w+){0,6}|(?:thu thap|phat) phieu|khao sat|dieu tra)"
    r" (?:trong |vao |tu )?thang\b"
)
# a line dating the document ("Hải Hà, tháng 3/2024", "Quảng Ninh, ngày 05 tháng 7 năm 2024"): its date
# names no month or year assessed (cut off the line, which may run on into the title in one cell)
# (the place before the comma is written as a name, "Hải Hà", not in a title's capitals: "BẢNG ĐIỂM CCHC
# CÁC XÃ, THÁNG 6 NĂM 2024" is June's table)
_DATE_LINE = re.compile(
    r"^[^,]{0,58}[a-zà-ỹđ\d)][^,\s]*,\s*(?:ngày\s*[\d.]*\s*)?tháng\s*\d{0,2}\s*(?:(?:/|năm)\s*\d{4})?"
)
#: The period a month's table is read at: the year so far, as CCHC reports add up (none: asked for).
_MONTH_PERIODS = {3: "Q1", 6: "H1", 9: "9M", 10: "10M", 11: "11M", 12: "year"}
_SO_FAR = {
    "Q1": "the first three months",
    "H1": "the first six months",
    "9M": "the first nine months",
    "10M": "the first ten months",
    "11M": "the first eleven months",
    "year": "the whole year",
}
# a date written in figures, "ngày 25/11/2022" (25 11 2022 in a match key): it dates the document
_DATE_FIGURES = re.compile(rf"\b\d{{1,2}} \d{{1,2}} {_YEAR}\b")
# "BẢNG XẾP HẠNG DDCI QUẢNG NINH 2021 - KHỐI ĐỊA PHƯƠNG": the province between; taken only when neither the
# title's other forms nor the file name give a year ("PAPI QUẢNG NINH SO VỚI 2022" in papi_2023.xlsx)
_YEAR_NEAR_INDEX = re.compile(rf"\b{_INDEX_NAME}(?: [a-z]+){{1,4}} ({_YEAR})\b")
YEAR_ANY = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
_UNIT_IN_TITLE = re.compile(
    r"^\s*(?:tên )?(?:đơn vị|cơ quan|địa phương|cơ quan, đơn vị|đơn vị được (?:đánh giá|chấm điểm))"
    r"\s*:\s*(.+)$",
    re.IGNORECASE,
)
_COUNCIL = r"(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)"
# the kinds of place a council governs, as a heading writes them after "UBND"
_PLACE_KIND = r"(?:huyện|thị xã|thành phố|quận|xã|phường|thị trấn|đặc khu|tỉnh)"
_UNIT_KIND_WORDS = rf"(?:{_PLACE_KIND}|sở|ban|văn phòng|thanh tra)"
# "… CHỈ SỐ CCHC 9 THÁNG NĂM 2023 CỦA UBND HUYỆN VÂN ĐỒN" (not "CỦA CÁC HUYỆN": many units)
_UNIT_AFTER_OF = re.compile(rf"\bcủa\s+(?:{_COUNCIL}\s+)?({_UNIT_KIND_WORDS}\s+\S.*)$", re.IGNORECASE)
# the issuing body in the heading block: "UBND HUYỆN HẢI HÀ", or "UBND TỈNH QUẢNG NINH" over "SỞ NỘI VỤ"
_ISSUER = re.compile(
    rf"^\s*(?:{_COUNCIL}\s+{_PLACE_KIND}|sở|ban|phòng|văn phòng|thanh tra)\s+\S",
    re.IGNORECASE,
)
_NAME_END = re.compile(
    r"\s+(?:năm\s+\d{4}|giai đoạn|kỳ|\(|qua (?:các|\d+) năm|từ năm|các năm).*$|[\s.;:,]+$", re.IGNORECASE
)


@dataclass
class TitleFacts:
    """What the title rows and the file name say about a table."""

    index: str | None = None
    level: str | None = None
    year: int | None = None
    year_source: str | None = None
    period: str | None = None
    unit: str | None = None
    unit_named: bool = False  # the unit written in the title's words, not only its issuer ("SỞ NỘI VỤ")
    text: str = ""
    notes: list[str] = field(default_factory=list)
    span: tuple[int, int] | None = None  # "GIAI ĐOẠN 2019-2023", "2019 – 2023": a table of several years
    parent: str | None = None  # the body over the unit in the heading block ("UBND HUYỆN PHÚ VANG")
    stage: str | None = None  # 'self' when the title names the units' self-assessment ("KẾT QUẢ TỰ ĐÁNH GIÁ")
    era: str | None = None  # '2025' when the title names the units after the 2025 reorganisation
    month: int | None = None  # a month the title names that is no period read ("THÁNG 8/2024")
    period_notes: list[str] = field(default_factory=list)  # how the period was read, unless one is given
    named: list[str] = field(default_factory=list)  # the indices the title names (not the file name)
    joined: bool = False  # two of them joined as the title's subjects ("CHỈ SỐ CCHC VÀ CHỈ SỐ HÀI LÒNG")


# a heading that names an index: its short name, or "Chỉ số" and its full name ("Chỉ số hài lòng …")
_INDEX_HEADING = re.compile(
    rf"\b{_INDEX_NAME}\b|^chi so (?:cai cach hanh chinh|cchc|hai long|nang luc canh tranh|"
    r"hieu qua quan tri|chuyen doi so)"
)


def index_named(text: object) -> str | None:
    """The one index a header cell names ("PAR INDEX 2023", "Chỉ số SIPAS", "Chỉ số hài lòng (%)");
    None when it names none, or two ("Chỉ số PAR INDEX và SIPAS"), or only mentions reform in a part's
    name ("Điểm đánh giá tác động của CCHC")."""
    if not isinstance(text, str):
        return None
    key = match_key(text)
    if not _INDEX_HEADING.search(key):
        return None
    named = {index for index, pattern in INDEX_PATTERNS if pattern.search(key)}
    return named.pop() if len(named) == 1 else None


def period_in(text: object) -> str | None:
    """The period a header names ("Điểm tự đánh giá 6 tháng đầu năm 2024" → 'H1'), never from a date
    ("ngày 9 tháng 12"); None when it names none."""
    if not isinstance(text, str):
        return None
    undated = _DATE.sub(" ", match_key(text))
    return next((period for period, pattern in PERIOD_PATTERNS if pattern.search(undated)), None)


def _title_texts(title_rows: list[list[object]]) -> list[str]:
    """The text cells of title rows, a title merged across the table once (its range is filled with it)."""
    return [
        v
        for row in title_rows
        for i, v in enumerate(row)
        if v.__class__ is str and (i == 0 or row[i - 1] != v)
    ]


def _index_named(key: str) -> str | None:
    """The first index whose pattern ``key`` (a match key) names."""
    return next((index for index, pattern in INDEX_PATTERNS if pattern.search(key)), None)


def title_index(title_rows: list[list[object]], path: Path) -> str | None:
    """The index the title rows name (the first, as :func:`title_facts` takes it), else the file name's."""
    key = match_key(" ".join(_title_texts(title_rows)))
    return _index_named(key) or _index_named(match_key(path.stem.replace("_", " ")))


def title_facts(title_rows: list[list[object]], path: Path) -> TitleFacts:
    """Index, year, period and (for self-assessments) the unit, from the title rows and the file name.

    The title wins over the file name: files are often named after the year of publication while the
    title states the year assessed. A disagreement is reported in ``notes``.
    """
    texts = _title_texts(title_rows)
    facts = TitleFacts(text=" ".join(texts))
    key = match_key(facts.text)
    name_key = match_key(path.stem.replace("_", " "))
    facts.named = [index for index, pattern in INDEX_PATTERNS if pattern.search(key)]
    spans = sorted(m.span() for _, pattern in INDEX_PATTERNS if (m := pattern.search(key)))
    facts.joined = any(
        re.fullmatch(r" (?:index )?(?:va|and) (?:chi so )?", key[a[1] : b[0]]) for a, b in pairwise(spans)
    )
    facts.index = facts.named[0] if facts.named else _index_named(name_key)
    for level, pattern in LEVEL_PATTERNS:
        if pattern.search(key):
            facts.level = level
            break
    # the title's clauses (its lines, and the words in brackets apart), without the documents they cite
    # ("THÁNG 10/2024 CỦA CÁC XÃ THEO KẾ HOẠCH SỐ 45/KH-UBND": that document's date and number name
    # nothing assessed) or the lines dating the document ("Hải Hà, tháng 3/2025")
    clauses = []
    for line in (_DATE_LINE.sub(" ", line) for t in texts for line in t.splitlines()):
        for clause in re.split(r"[()]", line):
            clauses.append(" ".join(_CITED_DOCUMENT.sub(" ", match_key(clause)).split()))
    uncited = " ".join(c for c in clauses if c)
    undated = _DATE.sub(" ", uncited)  # "ngày 9 tháng 12 năm 2023" is no period of nine or twelve months
    for period, pattern in PERIOD_PATTERNS:
        if pattern.search(undated) or pattern.search(name_key):
            facts.period = period
            facts.period_notes.extend(
                f"the title's {why}, as CCHC reports add up the year so far (pass period= otherwise)"
                for note, why in PERIOD_NOTES.items()
                if note.search(undated) or note.search(name_key)
            )
            break
    undated = _DATE_FIGURES.sub(" ", undated)
    title_year = (
        _YEAR_IN_TITLE.search(undated)
        or _YEAR_AFTER_INDEX.search(undated)
        or _YEAR_AFTER_PERIOD.search(undated)
    )
    # a span of years with no single year beside it ("GIAI ĐOẠN 2021-2025 NĂM 2023" is 2023): the
    # reader takes the table for one of several years only if its columns name years of the span
    span = _SPAN.search(undated) or (None if title_year else _SPAN.search(name_key))
    alone = span is not None and (not title_year or title_year.start(1) == span.start(1))
    if alone and int(span.group(1)) < int(span.group(2)):
        facts.span = int(span.group(1)), int(span.group(2))
        if title_year and title_year.start(1) == span.start(1):
            title_year = None  # "NĂM 2019 - 2023" names no one year
    file_years = YEAR_ANY.findall(path.stem)
    clauses = [c for c in clauses if not _SURVEY_MONTH.search(c)]  # those that may name the month assessed
    month = next(
        (m for c in clauses if not _SURVEY_TIME.search(c) and (m := _MONTHS_FROM_JANUARY.search(c))), None
    ) or _MONTH.search(_DATE.sub(" ", " ".join(clauses)))
    if title_year or month:
        facts.year, facts.year_source = int((title_year or month).group(1 if title_year else 2)), "title"
        if file_years and int(file_years[-1]) != facts.year:
            facts.notes.append(
                f"the title says year {facts.year} but the file name says {file_years[-1]}; "
                f"year {facts.year} from the title is used (pass year= to override)"
            )
        if month and int(month.group(2)) == facts.year and facts.period is None:
            _month_period(facts, int(month.group(1)))
    elif file_years and not (span and not title_year and span.string is name_key):
        # (a span in the file name, "KQ_2022-2023.xlsx", names no one year: each sheet's own, or asked for)
        facts.year, facts.year_source = int(file_years[-1]), "file name"
        lone = set(YEAR_ANY.findall(_DOCUMENT_NUMBER.sub(" ", undated))) if not span else set()
        if len(lone) == 1 and lone != {file_years[-1]}:
            facts.notes.append(
                f"the title writes the year {lone.pop()} but the file name says {file_years[-1]}; "
                f"year {file_years[-1]} from the file name is used (pass year= to override)"
            )
    elif (near := _YEAR_NEAR_INDEX.search(undated)) and not (span and near.start(1) == span.start(1)):
        facts.year, facts.year_source = int(near.group(1)), "title"
    elif not span and len(lone := set(YEAR_ANY.findall(_DOCUMENT_NUMBER.sub(" ", undated)))) == 1:
        # "KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ 2024": the one year the title writes, however it writes it
        facts.year, facts.year_source = int(lone.pop()), "title"
    if _AFTER_2025.search(key):  # DTI 2024 "CỦA 34 TỈNH, THÀNH PHỐ (SAU SẮP XẾP)": the new provinces
        facts.era = "2025"
    if stage_of(key) == "self" and "tham dinh" not in key:  # not "… TỰ ĐÁNH GIÁ VÀ THẨM ĐỊNH"
        facts.stage = "self"
    elif _ESTIMATED.search(key):  # "DỰ KIẾN KẾT QUẢ …", "(Số liệu tạm tính …)": not the results yet
        facts.stage = "estimate"
    issuers = [line for line in _heading_lines(title_rows[:6]) if _ISSUER.match(line)]
    named_unit = _unit_in_title(texts, [])
    if named_unit is not None and re.fullmatch(
        rf"(?:{_COUNCIL}\s+)?{_UNIT_KIND_WORDS}(?:\s+(?:này|đó|nhà|mình|ta|bạn|chúng ta))?",
        named_unit.strip(),
        re.IGNORECASE,
    ):
        named_unit = None  # "CHỈ SỐ CCHC CỦA TỈNH QUA CÁC NĂM": a kind of unit, no unit's name
    facts.unit = _unit_in_title(texts, issuers) if named_unit is None else named_unit
    facts.unit_named = named_unit is not None
    facts.parent = _parent_in_title(issuers) if facts.unit else None
    if facts.unit and (province := _IN_PROVINCE.search(facts.unit)):
        # "… CỦA UBND PHƯỜNG HẠC THÀNH, TỈNH THANH HÓA": the unit, in that province
        facts.unit = facts.unit[: province.start()].strip()
        facts.parent = facts.parent or province.group(1).strip()
    return facts


# a title of results expected, not published (in a match key)
_ESTIMATED = re.compile(r"^(?:bang )?du kien (?:ket qua|diem)\b|\b(?:so lieu|ket qua|diem) tam tinh\b")
# the province a title writes after its unit: ", TỈNH THANH HÓA", " TỈNH THANH HÓA", ", THÀNH PHỐ HÀ NỘI"
_IN_PROVINCE = re.compile(r"(?:\s*,\s*|\s+)(?:tỉnh|thành phố)\s+(\S.*)$", re.IGNORECASE)


def _month_period(facts: TitleFacts, month: int) -> None:
    """The period of a table the title gives the month of ("THÁNG 10/2024"): the year so far, noted;
    a month that ends no period ("THÁNG 8/2024") is kept for the reader to ask for one."""
    period = _MONTH_PERIODS.get(month)
    if period is None:
        facts.month = month
        return
    facts.period = period
    facts.period_notes.append(
        f"the title's tháng {month} is read as {_SO_FAR[period]} ({period}), as CCHC reports add up "
        "the year so far (pass period= otherwise)"
    )


def _unit_in_title(texts: list[str], issuers: list[str]) -> str | None:
    """The unit a self-assessment is for: a line "Đơn vị: …", else "… của UBND huyện X" in the title,
    else the issuing body in the heading block (the last, most specific, of "UBND TỈNH …", "SỞ …")."""
    for text in texts:
        match = _UNIT_IN_TITLE.match(text)
        if match:
            return match.group(1).strip()
    for text in texts:
        match = _UNIT_AFTER_OF.search(text)
        if match:
            return _unit_name(match.group(1))
    return _unit_name(issuers[-1]) if issuers else None


def _split_issuers(line: str) -> list[str]:
    """A heading line that runs a council and an agency under it together (a cell's line break read as a
    space: "UBND TỈNH SƠN LA SỞ TƯ PHÁP"), as its two lines: split at the first agency word before which
    the line is a whole council of a named place ("ỦY BAN NHÂN DÂN HUYỆN HẢI HÀ" and "UBND XÃ BAN CÔNG"
    stay one line)."""
    if not (line.isupper() and _COUNCIL_FIRST.match(line)):
        return [line]
    for found in _AGENCY_START.finditer(line):
        head = line[: found.start()].strip()
        if _ISSUER.match(head) and _NAMED_COUNCIL.match(head):
            return [head, line[found.start() :]]
    return [line]


def _parent_in_title(issuers: list[str]) -> str | None:
    """The body over the unit in the heading block's issuing lines ("UBND HUYỆN PHÚ VANG" over "UBND XÃ
    PHÚ THƯỢNG"): the district a commune of a common name is looked up in; None when it names one body."""
    return _unit_name(issuers[-2]) if len(issuers) > 1 and _COUNCIL_FIRST.match(issuers[-2]) else None


_COUNCIL_ALONE = re.compile(rf"^\s*{_COUNCIL}\s*$", re.IGNORECASE)
_COUNCIL_FIRST = re.compile(rf"^\s*{_COUNCIL}\s+\S", re.IGNORECASE)
# a council of a place with its name: "UBND TỈNH SƠN LA" (not "UBND XÃ" alone)
_NAMED_COUNCIL = re.compile(rf"^\s*{_COUNCIL}\s+{_PLACE_KIND}\s+\S", re.IGNORECASE)
# where an agency's name may start on a council's line run on ("UBND TỈNH SƠN LA SỞ TƯ PHÁP"); "PHÒNG" of
# "VĂN PHÒNG" is not a second start
_AGENCY_START = re.compile(r"(?<=\s)(?:VĂN PHÒNG|THANH TRA|SỞ|BAN|(?<!VĂN )PHÒNG)(?=\s+\S)")


def _heading_lines(rows: list[list[object]]) -> list[str]:
    """The lines of the heading block, top to bottom: each row's first text, split at its line breaks
    ("UBND TỈNH SƠN LA\nSỞ TƯ PHÁP" in one cell), and "ỦY BAN NHÂN DÂN" alone on a line joined to the
    line under it ("HUYỆN BA CHẼ"), as official documents set the issuing body on two lines."""
    lines: list[str] = []
    for row in rows:
        first = next((v for v in row if v is not None), None)
        if isinstance(first, str):
            for line in filter(None, map(str.strip, first.splitlines())):
                lines.extend(_split_issuers(line))
    out: list[str] = []
    for line in lines:
        if out and _COUNCIL_ALONE.match(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


_AGENCY = re.compile(r"^(sở|ban|văn phòng|thanh tra|phòng)\s+(.+)$", re.IGNORECASE)


def _unit_name(text: str) -> str:
    """A unit's name as a title writes it, trimmed of what follows it and out of capitals: "UBND HUYỆN
    HẢI HÀ" → "Huyện Hải Hà" (a place: every word capitalised), "SỞ NỘI VỤ" → "Sở Nội vụ" (an agency:
    its first word)."""
    text = _NAME_END.sub("", text.strip())
    text = re.sub(rf"^{_COUNCIL}\s+", "", text, flags=re.IGNORECASE)
    if not text.isupper():
        return text
    agency = _AGENCY.match(text)
    if agency:
        name = f"{agency.group(1).capitalize()} {agency.group(2).capitalize()}"
        return re.sub(r"\b(Ubnd|Hđnd)\b", lambda m: m.group(1).upper(), name)  # "Văn phòng UBND tỉnh"
    return text.title()


# ---------------------------------------------------------------------------------------------------------
# Header and columns

UNIT_HEADERS = {
    "ten don vi",
    "don vi",
    "tinh thanh pho",
    "tinh thanh",
    "ten tinh thanh pho",
    "dia phuong",
    "ten dia phuong",
    "dia ban",  # "TT | Địa bàn | Tổng điểm": the localities ranked
    "ten dia ban",
    "co quan don vi",
    "ten co quan don vi",
    "ten co quan",
    "co quan",
    "don vi hanh chinh",
    "ten huyen",
    "huyen thi xa thanh pho",
    "ten xa",
    "ten xa phuong",
    "xa phuong",
    "phuong xa",
    "xa phuong thi tran",
    "xa phuong dac khu",
    "ten phuong xa",
    "tinh",
    "province",
    "unit",
    "ten",
    # MOHA's PAR INDEX of ministries and ministry-level agencies
    "bo co quan ngang bo",
    "cac bo co quan ngang bo",  # as MOHA heads it ("Xếp hạng | Các bộ, cơ quan ngang bộ | …")
    "bo nganh",
    "ten bo nganh",
    "bo co quan",
    # the DTI ranking's (dti.gov.vn); "Các sở, ban, ngành" alone is a section row, not a header
    "cac tinh thanh pho truc thuoc tw",
}
# Headers built from the words for kinds of unit: "Tên huyện, thị xã, thành phố", "Đơn vị/Địa phương",
# "Sở, ban, ngành", "Cơ quan, địa phương" (match keys: punctuation is a space). Two words at least, or
# "Tên …"; never starting with "Số" ("Số xã, phường" counts communes): a lone "Xã" is no unit header.
_UNIT_KIND = r"(?:don vi|dia phuong|co quan|tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|dac khu)"
_UNIT_WORD = rf"(?:{_UNIT_KIND}|so|ban|nganh)"
_UNIT_HEADER = re.compile(
    rf"^(?:ten (?:cac )?{_UNIT_WORD}(?: {_UNIT_WORD})*|(?:{_UNIT_KIND}|so ban)(?: {_UNIT_WORD})+)$"
)
STT_HEADERS = {"stt", "tt", "so tt", "so thu tu", "no"}
#: A value's label that says no more than that ("Chỉ số", "Giá trị" under an index's heading or title).
BARE_VALUE = frozenset({"chi so", "gia tri", "chi so diem"})
# a column naming each unit's bloc, merged down beside its units
# a column giving each row's year, in a table of one row per unit and year
YEAR_HEADERS = {"nam", "nam danh gia", "nam xep hang", "year"}
BLOC_HEADERS = {"khoi", "nhom", "cum", "khoi thi dua", "cum thi dua", "nhom don vi", "khoi don vi", "bloc"}
#: How a maximum-points column is headed: "Điểm tối đa", "Số điểm tối đa", "Khung điểm", "Điểm quy định".
MAX_HEADERS = (
    "diem toi da",
    "toi da",
    "so diem toi da",
    "muc diem toi da",
    "thang diem",
    "diem chuan",
    "khung diem",
    "diem quy dinh",
    "diem theo quy dinh",
)
STAGE_HEADERS: list[tuple[str, tuple[str, ...]]] = [
    ("self", ("tu danh gia", "tu cham", "diem tu danh gia", "tu dg")),
    ("appraised", ("tham dinh", "diem tham dinh", "hoi dong tham dinh")),
    ("estimate", ("du kien", "uoc tinh", "uoc dat")),
]


def header_kind(text: str | None) -> str | None:
    """The role a header text names: 'stt', 'unit', 'bloc', 'change', 'rank', 'total', 'pct', 'max',
    'note', 'year' (a year alone, "Năm 2023": a score column, or a group of a year's columns), 'yearcol'
    ("Năm": each row's year), or None."""
    if text.__class__ is str:
        return _header_kind_of_text(text)  # every cell of the first rows is asked: remember the answers
    return None  # a number (a code such as 1.1 typed as a number) or an empty cell names no role


#: A year in a plain number ("2023" heads a year's column): such a number is asked in full
_YEARISH = re.compile(r"(?:19|20)\d\d")


@lru_cache(maxsize=65536)
def _header_kind_of_text(text: str) -> str | None:
    if PLAIN_NUMBER.fullmatch(text) and not _YEARISH.search(text):
        # "7,1234", "-0.5" (every cell of a CSV) names no role: its thousands of numbers would each be asked
        # every question below
        return None
    return _header_kind_in_full(text)


def _header_kind_in_full(text: str) -> str | None:
    """:func:`header_kind` of a text, every question asked."""
    kind = _header_kind(text)
    if kind is None:
        # "Tỉnh, thành phố / Province", "Chỉ số PCI / PCI Score": a bilingual header (its line break
        # is gone by now) names its role in either language
        kind = next((k for k in map(_header_kind, bilingual_parts(text)) if k), None)
    if kind is None and _RELATIVE_YEAR.search(key := match_key(text)):
        # "Năm nay", "Điểm năm trước", "Xếp hạng kỳ này": a year named by where it stands, as a year
        parts = [p.strip() for p in _RELATIVE_YEAR.split(key)]
        kinds = [_header_kind(p) for p in parts if p]
        kind = next((k for k in kinds if k), None) if kinds else "year"
    if kind is None and _YEAR_WORDS.search(text):
        # "Điểm năm 2023", "Năm 2023", and with the year between two languages "Chỉ số PCI 2022 PCI 2022",
        # "Xếp hạng 2022 Rank 2022": the words around the years name the role (none: a score column)
        parts = [p.strip(" ,;:/()-–") for p in _YEAR_WORDS.split(text)]
        kinds = [_header_kind(p) for p in parts if p]
        kind = next((k for k in kinds if k), None) if kinds else "year"
    return kind


# this year or the one before, in words (in a match key): "năm nay", "năm trước", "kỳ này"
_RELATIVE_YEAR = re.compile(r"\b(?:nam nay|nam hien tai|nam truoc|nam lien ke|ky nay|ky truoc)\b")
# a year as YEAR_ANY finds it, with its "năm" (no group: re.split must not keep the years)
_YEAR_WORDS = re.compile(rf"\b(?:năm\s+|nam\s+)?(?<!\d){_YEAR}(?!\d)", re.IGNORECASE)
MAX_HEADER_TEXT = 200  # characters of a header read in two languages
ENGLISH_WORDS = 8  # the most words of an English translation ("Land Access and Security of Tenure")
_ASCII_WORD = re.compile(r"^[A-Za-z0-9&().,:/'+-]+$")
_ASCII_LETTERS = re.compile(r"[^a-z]")
#: English words of score-table headers besides those in the criteria sets' English names.
HEADER_ENGLISH = frozenset(
    {"province", "provinces", "city", "district", "commune", "unit", "units", "name", "rank", "ranking",
     "score", "scores", "index", "total", "overall", "weighted", "composite", "points", "point", "average",
     "year", "change", "group", "region", "note", "notes", "maximum", "max", "self", "assessment"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    return HEADER_ENGLISH | english_words() | {"no"}


def bilingual_parts(text: str) -> list[str]:
    """The readings of a header that may end in its English translation: each shorter start without
    the trailing English words, longest first, then the English words alone ("Chi phí gia nhập thị
    trường Entry Costs" → ["Chi phí gia nhập thị trường Entry", "Chi phí gia nhập thị trường",
    "Entry Costs"]); [] when it does not end in English words (an acronym such as "TTHC" or a number
    is no translation) or is English throughout."""
    if len(text) > MAX_HEADER_TEXT:
        return []  # no header is this long; a hostile cell would cost a pass per word
    words = text.split()
    n = len(words)
    k = n
    while k > max(n - ENGLISH_WORDS, 0) and _ASCII_WORD.match(words[k - 1]):
        k -= 1
    while k < n and not words[k][:1].isalpha():  # "(tối đa 70)": a number, not a translation
        k += 1
    # an English phrase has an English word ("Province", "PCI Score", "Entry Costs"); "Điểm TTHC" ends
    # in an acronym, "Tỉnh Gia Lai" in Vietnamese written without diacritics
    if k in (0, n) or not any(_ASCII_LETTERS.sub("", w.lower()) in _english() for w in words[k:]):
        return []
    parts = [" ".join(words[:i]) for i in range(n - 1, k - 1, -1)]
    return [*parts, " ".join(words[k:])]


# "Điểm DGI", "Chỉ số DTI", "Điểm đạt/Điểm tối đa", and English "PCI Score", "Score", "Overall index"
_TOTAL_HEADER = re.compile(
    r"^(?:(?:diem|chi so|tong diem|gia tri)(?: chi so)? (?:par index|par|papi|pci|sipas|ddci|dgi|dti)"
    # "Điểm PAPI tổng hợp", "PAPI tổng hợp", "Điểm PCI có trọng số": the composite as VCCI and UNDP write it
    r"(?: (?:tong hop|co trong so|trung binh))?"
    r"|(?:par index|papi|pci|sipas|ddci|dgi|dti) (?:tong hop|co trong so)"
    r"|diem dat(?: duoc)? diem toi da"
    r"|(?:(?:total|overall|final|composite|weighted|par index|par|papi|pci|sipas|ddci|dgi|dti) )*"
    r"(?:score|index score|points)|par index|papi|pci|sipas|ddci|dgi|dti)$"
)


_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
# "Tăng/giảm so với năm trước", "Tăng (+), giảm (-) bậc", "Tăng bậc", "Thay đổi thứ hạng": a change on an
# earlier year ("Tăng cường …", "Giảm thiểu …" are criteria)
_CHANGE = re.compile(
    r"\b(?:tang (?:[+-] )?giam|thay doi|chenh lech|bien dong|change|changes|movement|difference)\b"
    r"|^(?:tang|giam) (?:[+-] )?(?:diem|bac|hang)\b|so voi (?:nam|ky|cung ky)"
)


_RANK_WORDS = (
    "xep hang",
    "thu hang",
    "xep thu",
    "vi tri xep hang",
    "thu tu xep hang",
    "bang xep hang",
    "rank",
    *(f"{index} rank" for index in _INDEX_NAMES),
)


# "XH", "XH 2024", "Thứ hạng (XH)": the rank column's abbreviation (in a match key)
_RANK_ABBREVIATED = re.compile(r"xh(?: nam)?(?: \d{4})?")


def _header_kind(text) -> str | None:
    if not text:
        return None
    key = match_key(text)
    if key in STT_HEADERS:
        return "stt"
    if key in {"don vi tinh", "dvt"}:
        return "note"  # the unit of measure ("điểm", "%") of a criterion's row, no unit's name
    if key in UNIT_HEADERS or _UNIT_HEADER.match(key):
        return "unit"
    if key in BLOC_HEADERS:
        return "bloc"
    if key in YEAR_HEADERS:
        return "yearcol"
    if _CHANGE.search(key):
        return "change"
    if key.startswith(_RANK_WORDS) or key == "hang" or _RANK_ABBREVIATED.fullmatch(key):
        return "rank"
    if key.startswith(("ghi chu", "note")):
        return "note"
    if key.startswith((*MAX_HEADERS, "max")) or re.fullmatch(r"tong (?:so )?diem toi da", key):
        return "max"  # also "Tổng điểm tối đa", "Tổng số điểm tối đa": the maximum, not the total
    if "%" in text or key.startswith(("ty le", "chi so cchc", "chi so par", "ket qua chi so")):
        return "pct"
    if _TOTAL_HEADER.match(key) or _TOTAL_HEADER.match(match_key(_TRAILING_NOTE.sub("", text)) or ""):
        return "total"  # also with its maximum or scale after it: "Điểm DTI (1.000 điểm)"
    if key.startswith(("tong diem", "tong so diem", "diem tong", "tong cong diem", "total")) or key in {
        "tong",
        "tong cong",
        "diem",
        "diem dat",
        "diem dat duoc",
        "tong diem dat duoc",
        "diem so",
        "diem so dat",
        "diem so dat duoc",
        "diem cchc",
        "diem chinh thuc",
        "ket qua chinh thuc",
        "diem sau khi tru",
        "diem sau tru",
        "tong diem sau khi tru",
        "diem cuoi cung",
    }:
        return "total"
    return None


def is_section_marker(value: object) -> bool:
    """A section's enumerator in the STT column: "A", "B.", "II", "IV)" (a bloc or group row)."""
    return isinstance(value, str) and (
        _LETTER_MARKER.fullmatch(value) is not None or roman_to_int(value) is not None
    )


COUNTER = re.compile(r"\s*\d{1,4}\.?\s*")  # an STT written as text: "01", "3."
_LETTER_MARKER = re.compile(r"\s*[A-Z]\s*[.)]?\s*")  # "a)" lists an item, "A" heads a section


# a unit's kind as written before its name ("Sở", "UBND huyện", "Thị xã"), in any case
_UNIT_KIND_WRITTEN = re.compile(
    rf"{_COUNCIL}\s+(?:\w+\s+)?"
    rf"|(?:{_UNIT_KIND_WORDS}|chi cục|cục|kho bạc|bảo hiểm xã hội|công an|phòng|trung tâm|tp\.?)\s+",
    re.IGNORECASE,
)


def starts_as_a_unit(text: str) -> bool:
    """Whether ``text`` starts as a unit's name does: its kind, then a name starting with a capital ("Sở Y
    tế", "Ban Dân tộc", "UBND xã Tiên Yên"; not "Ban đầu", "Xã hội học", "Số liệu", "Tính điểm")."""
    written = " ".join(text.split())
    kind = _UNIT_KIND_WRITTEN.match(written)
    return kind is not None and written[kind.end() :][:1].isupper()


def find_header_row(rows: list[list[object]], start: int = 0, limit: int = 40) -> int | None:
    """First row at or after ``start`` that names the unit column (or STT beside other headers).

    A section row ("A | SỞ, BAN, NGÀNH": an enumerator and one text) is not a header, though its text
    reads as one."""
    for r in range(start, min(len(rows), start + limit)):
        row = rows[r]
        first = row[:12]
        types = list(map(type, first))
        if types.count(float) + types.count(int) > 1:
            # a data row, unless the unit header sits among the numbers: criterion codes typed as
            # numbers (1.1, 1.2). Every data row comes here, so only the first two texts are asked
            # ("STT", "Tên đơn vị"; a data row's first text is its unit's name, or a type word such as
            # "Tỉnh" in a "Loại" column, after its number in the STT column)
            lead = next((v for v in first if v is not None), None)
            if (
                lead.__class__ is str
                and not COUNTER.fullmatch(lead)  # "01", an STT written as text
                and str in types
                and any(header_kind(v) == "unit" for v in islice((v for v in first if v.__class__ is str), 2))
            ):
                return r
            continue
        kinds = [header_kind(v) if isinstance(v, str) else None for v in row]
        if "unit" in kinds:
            filled = list(dict.fromkeys(v for v in row if v is not None))  # merged across: once
            if len(filled) == 2 and is_section_marker(filled[0]):
                continue
            if len(filled) == 1 and match_key(filled[0]).startswith("cac "):
                continue  # "CÁC BỘ, CƠ QUAN NGANG BỘ" alone on its row: a section row
            return r
        if "stt" in kinds and sum(1 for v in row if isinstance(v, str)) >= 3:
            return r
        lead = next((k for v, k in zip(row, kinds, strict=True) if v is not None), None)
        if lead == "yearcol" and sum(1 for v in row if isinstance(v, str)) >= 3:
            return r  # "Năm | PAR INDEX | SIPAS": one unit's results, a year a row
    return None


#: How the column naming the criteria or areas of a self-assessment begins (in a match key).
CRITERIA_NAME_HEADERS = ("linh vuc", "noi dung", "tieu chi", "ten tieu chi", "chi tieu")
#: How a column of a unit's points that names no stage is headed, beside criteria as rows.
RESULT_HEADERS = frozenset(
    {"diem dat duoc", "diem dat", "diem so dat duoc", "ket qua dat duoc", "diem danh gia"}
)


def is_criteria_sheet(header: list[object], over: list[object] = ()) -> bool:
    """A self-assessment sheet: criteria as rows, with a maximum-points column and a stage column (or,
    with none, one unit's points by area: "Lĩnh vực | Điểm tối đa | Điểm đạt được"). ``over``: the
    header's higher rows, where a stage may head its periods ("Điểm tự đánh giá" over "6 tháng | Cả năm")."""
    keys = [match_key(v) for v in header if isinstance(v, str)]
    heads = [match_key(v) for v in over if isinstance(v, str)]
    named = any(k.startswith(CRITERIA_NAME_HEADERS) for k in keys)
    # ("Lĩnh vực | Điểm tối đa | Năm 2023 | Năm 2024": the unit's points of each year)
    years = sum(1 for v in header if isinstance(v, str) and header_kind(v) == "year")
    if not any(k.startswith(MAX_HEADERS) for k in keys) and not (named and years > 1):
        return False  # no maximum-points column (nor "Lĩnh vực | Năm 2022 | Năm 2023 | Năm 2024")
    if any(header_kind(v) in {"unit", "rank"} for v in header if isinstance(v, str)):
        return False  # "Tên đơn vị | Khung điểm | Điểm tự đánh giá | Xếp hạng": units, each with its maximum
    staged = any(words in k for k in keys + heads for _, ws in STAGE_HEADERS for words in ws)
    # (a result with no stage only beside a column naming criteria or areas: "Đơn vị được chấm điểm |
    # Điểm chuẩn | Điểm đạt được" lists units)
    return staged or (named and (any(k in RESULT_HEADERS for k in keys) or years > 0))


def stage_of(text: str) -> str | None:
    """Stage named by a column header ("Điểm tự đánh giá" → 'self')."""
    key = match_key(text)
    for stage, words in STAGE_HEADERS:
        if any(w in key for w in words):
            return stage
    return None


def code_from_text(text: object) -> str | None:
    """A component code written in a header or STT cell: "1.10", "Lĩnh vực 1", "LV1", "SC11", "7.2.2."."""
    return header_code(text)


def roman_to_int(text: object) -> int | None:
    """Roman numeral section markers ("I", "II.", "IV") as integers, else None."""
    return roman_number(text)


_MAX_IN_TEXT = re.compile(
    r"\(\s*(?:tối đa\s*)?(\d{1,3}(?:[.\s\u00a0\u202f\u2009]\d{3})+|\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?\s*\)\s*$",
    re.IGNORECASE,
)


def without_maximum(text: str) -> str:
    """A header's words without the maximum written after them ("Chuyển đổi nhận thức (100)")."""
    return _MAX_IN_TEXT.sub("", text).strip()


def max_from_text(text: object) -> float | None:
    """Maximum points written in a header: "(12,5)", "(12,5 điểm)", "(tối đa 4 điểm)", "(1.000 điểm)",
    "(1 500 điểm)".

    Written the Vietnamese way: a comma is the decimal mark, a point groups thousands ("1.000" is one
    thousand, "12.5" with one or two decimals is twelve and a half).
    """
    if not isinstance(text, str):
        return None
    m = _MAX_IN_TEXT.search(text.strip())
    if not m:
        return None
    number = m.group(1)
    if re.fullmatch(r"\d{1,3}(?:[.\s\u00a0\u202f\u2009]\d{3})+", number):  # "1.000", "1 500"
        return float(re.sub(r"\D", "", number))
    return float(number.replace(",", "."))


# ---------------------------------------------------------------------------------------------------------
# Cells the engine shows as empty: Excel errors and formulas without a saved result; hidden rows

#: Excel's error values (a formula that failed, or one typed as a value).
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
)


class CellProblem(str):
    """A cell whose value cannot be known: an Excel error (``#REF!``) or a formula never calculated.

    It is text (the error code, or the formula with its ``=``) so that it passes through the sheet
    cleaning untouched; the table readers refuse it where they need a value.

    Attributes:
        kind: ``"error"`` or ``"uncached"``.
    """

    kind: str

    def __new__(cls, text: str, kind: str) -> CellProblem:
        cell = super().__new__(cls, text)
        cell.kind = kind
        return cell

    def describe(self) -> str:
        """What is wrong with the cell, in plain words."""
        if self.kind == "error":
            return f"holds the Excel error {self!s}, not a number"
        return f"holds a formula ({self!s}) whose result was never saved in the file"

    def hint(self) -> str:
        """What the analyst can do about it."""
        if self.kind == "error":
            return (
                "Fix the formula in the source file or type the number; leave the cell empty if there "
                "is no score."
            )
        return (
            "The file was written by a program that does not calculate formulas: open it in Excel or "
            "LibreOffice and save it again so the results are stored."
        )


@dataclass
class SheetFlags:
    """What the cell engine does not show of one sheet (0-based rows and columns)."""

    problems: dict[tuple[int, int], CellProblem] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)


def xlsx_flags(path: Path, sheets: list[str]) -> dict[str, SheetFlags]:
    """Error cells, formula cells without a saved result and hidden rows and columns of an xlsx's sheets.

    calamine shows them all as ordinary cells (errors and unsaved formulas as empty). The guard
    notes them on its own pass through each worksheet (:func:`cchc_analysis.io.safety.xlsx_extents`),
    so right after :func:`cchc_analysis.io.grid.read_grid` this inflates nothing; on its own it runs
    the guards. Cells outside what ``read_grid`` reads of a sheet too large for calamine are left out.

    Args:
        path: the xlsx file.
        sheets: the names of the sheets to report.

    Returns:
        Flags per sheet name (sheets with nothing to report are left out).

    Raises:
        InputError: the file fails the guards (when they have to run again).
    """
    path = Path(path)
    recent = take_recent_extents(path)
    if recent is None:
        check_zip(path)
        recent = xlsx_extents(path), DEFAULT_LIMITS
        take_recent_extents(path)  # let go of the copy kept for a later call
    extents, limits = recent
    wanted = set(sheets)
    out: dict[str, SheetFlags] = {}
    for ext in extents:
        if ext.name not in wanted or not (ext.problems or ext.hidden_rows or ext.hidden_cols):
            continue
        rows, cols = ext.read_box(limits)
        problems = {
            (r, c): CellProblem(text, kind)
            for (r, c), (text, kind) in ext.problems.items()
            if r < rows and c < cols
        }
        hidden = {r for r in ext.hidden_rows if r < rows}
        marked = bytearray(cols)  # up to 10,000 ranges, each up to every column: one pass each, in C
        for first, last in ext.hidden_cols:
            lo, hi = max(first, 0), min(last + 1, cols)
            if hi > lo:
                marked[lo:hi] = b"\x01" * (hi - lo)
        hidden_cols = {c for c, flag in enumerate(marked) if flag}
        if problems or hidden or hidden_cols:
            out[ext.name] = SheetFlags(problems, hidden, hidden_cols)
    return out


#: BIFF error codes (BOOLERR and FORMULA records) → Excel's error text.
BIFF_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!"}
BIFF_ERRORS[0x2A] = "#N/A"


def xls_flags(path: Path) -> list[SheetFlags]:
    """Error cells and hidden rows of each worksheet of an .xls, in workbook order.

    calamine shows an error cell (a BOOLERR record, or a FORMULA whose saved result is an error) as an
    empty cell. The workbook has already passed the checks of :mod:`cchc_analysis.io.safety`.
    """
    ole = Ole2(path)
    try:
        stream = ole.stream("Workbook")
    except KeyError:
        try:
            stream = ole.stream("Book")
        except KeyError:
            return []
    starts = [
        int.from_bytes(data[:4], "little")
        for typ, data in _records(stream, 0, path)
        if typ == 0x0085 and len(data) >= 6 and data[5] == 0  # BOUNDSHEET of a worksheet
    ]
    out = []
    for start in starts:
        flags = SheetFlags()
        if start < len(stream):
            for typ, data in _records(stream, start, path):
                if typ == 0x0205 and len(data) >= 8 and data[7] == 1:  # BOOLERR holding an error
                    code = BIFF_ERRORS.get(data[6], "#N/A")
                    flags.problems[_biff_cell(data)] = CellProblem(code, "error")
                elif typ == 0x0006 and len(data) >= 14 and data[6] == 2 and data[12:14] == b"\xff\xff":
                    code = BIFF_ERRORS.get(data[8], "#N/A")
                    flags.problems[_biff_cell(data)] = CellProblem(code, "error")
                elif typ == 0x0208 and len(data) >= 14 and data[12] & 0x20:  # ROW, fDyZero: hidden
                    flags.hidden_rows.add(int.from_bytes(data[:2], "little"))
        out.append(flags)
    return out


def _biff_cell(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[:2], "little"), int.from_bytes(data[2:4], "little")


def mark_problems(
    cells: list[list[object]], problems: dict[tuple[int, int], CellProblem]
) -> list[list[object]]:
    """A copy of ``cells`` with each problem cell in place (rows padded where the engine cut them)."""
    if not problems:
        return cells
    rows = list(cells)
    width = max((len(r) for r in rows), default=0)
    for (r, c), problem in problems.items():
        while len(rows) <= r:
            rows.append([None] * width)
        row = rows[r] = list(rows[r])
        if len(row) <= c:
            row.extend([None] * (c + 1 - len(row)))
        row[c] = problem
    return rows
