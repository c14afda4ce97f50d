"""Read a job posting page: schema.org JobPosting first, then Open Graph, then <title>.

The structured data is read by `extruct` (JSON-LD, microdata, Open Graph); this
module only decides which of its answers to believe and turns them into the
plain values an application holds. Every string that comes out is plain text:
HTML in a description is turned into text by `html_text`, never kept as markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import html_text
import lxml.etree
import lxml.html
from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import MicrodataExtractor

# A posting page is rarely over a few hundred kilobytes; more than this is
# refused by the form rather than parsed.
MAX_PAGE_CHARS = 2_000_000
MAX_DESCRIPTION_CHARS = 50_000
# PositiveIntegerField's ceiling on every database Django supports.
MAX_SALARY = 2_147_483_647

# How a salary given per period becomes a yearly figure; per hour or per day
# depends on hours worked, so those are noted rather than guessed.
PER_YEAR = {"YEAR": 1, "MONTH": 12, "WEEK": 52}
UNIT_WORDS = {"HOUR": "per hour", "DAY": "per day", "WEEK": "per week", "MONTH": "per month"}

LOOKS_LIKE_HTML = re.compile(
    r"<\s*(html|head|body|meta|script|div|p|title|h[1-6]|section|article|main|span|ul|li)\b",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
CURRENCY = re.compile(r"^[A-Za-z]{3}$")

# What a posting's own words say about where the work is done, strongest first:
# "hybrid" beats "remote" ("remote two days a week" is hybrid), and a remote
# job that is "not remote" is on-site.
MODE_WORDS = [
    (
        "hybrid",
        re.compile(
            r"\bhybrid\b|\b(\d|one|two|three|four) days? (a|per|each) week (in|at) (the|our)"
            r"|\b(partly|partially) remote\b|\bremote (\d|one|two|three) days\b",
            re.I,
        ),
    ),
    (
        "on_site",
        re.compile(
            r"\b(not|no|isn't|is not) (a )?(fully )?remote\b|\bno remote\b"
            r"|\bon-?site (role|job|position)\b|\b(role|job|position) is (fully )?on-?site\b"
            r"|\bfully on-?site\b|\b(office|site)-based\b|\bin the office (full[- ]time|every day)"
            r"|\b(five|5) days (a|per) week in the office\b|\bin-office\b",
            re.I,
        ),
    ),
    (
        "remote",
        re.compile(
            r"\b(fully|100%|completely|entirely) remote\b|\bremote[- ](first|only|friendly role)\b"
            r"|\b(work|working) (remotely|from home|from anywhere)\b"
            r"|\bthis (is a )?remote (role|job|position)\b|\b(role|job|position) is remote\b",
            re.I,
        ),
    ),
]


@dataclass
class Posting:
    """What a posting page says, in the shape of an application's fields."""

    title: str = ""
    company: str = ""
    location: str = ""
    work_mode: str = ""  # "", "on_site", "hybrid" or "remote"
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    salary_note: str = ""  # pay that is not a yearly figure, in words
    posted_on: date | None = None
    closes_on: date | None = None
    url: str = ""
    description: str = ""
    found_in: str = "nothing"  # "job posting data", "page tags", "page title", "page text"

    @property
    def is_structured(self) -> bool:
        return self.found_in == "job posting data"


# Text --------------------------------------------------------------------


def clean_line(value: Any, limit: int = 200) -> str:
    """One line of plain text: markup and control characters gone, spaces collapsed."""
    text = plain_text(value)
    return " ".join(text.split())[:limit].strip()


def plain_text(value: Any, limit: int = MAX_DESCRIPTION_CHARS) -> str:
    """Text from a value that may be HTML, HTML-escaped HTML, or a list of either."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if isinstance(v, str | int | float))
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    text = str(value)
    # Descriptions are often escaped once (or twice) inside the JSON: "&lt;p&gt;".
    for _ in range(3):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = CONTROL.sub("", unicodedata.normalize("NFC", text))
    if "<" in text and ">" in text:
        try:
            text = html_text.extract_text(text[:MAX_PAGE_CHARS])
        except (lxml.etree.ParserError, ValueError):
            text = re.sub(r"<[^>]*>", " ", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # At most one empty line in a row.
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text[:limit]


def safe_url(value: Any) -> str:
    """An http(s) address, or nothing."""
    if not isinstance(value, str):
        return ""
    value = CONTROL.sub("", value).strip()
    parts = urlsplit(value)
    # Too long for the link field: cut short, it would lead nowhere.
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(value) > 1000:
        return ""
    return value


def looks_like_html(text: str) -> bool:
    return bool(LOOKS_LIKE_HTML.search(text[:200_000]))


# Values ------------------------------------------------------------------


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _type_names(node: dict) -> set[str]:
    names = set()
    for kind in _as_list(node.get("@type")):
        if isinstance(kind, str):
            names.add(kind.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
    return names


def parse_date(value: Any) -> date | None:
    value = _first(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_amount(value: Any) -> Decimal | None:
    value = _first(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    digits = re.sub(r"[^\d.]", "", value.replace(",", ""))
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return amount


# Reading JobPosting nodes ------------------------------------------------


def _nodes(data: Any, found: list[dict]) -> None:
    """Every dict in a JSON-LD value, @graph and nested lists included."""
    if isinstance(data, list):
        for item in data:
            _nodes(item, found)
    elif isinstance(data, dict):
        found.append(data)
        for key, value in data.items():
            if key != "@context" and isinstance(value, list | dict):
                _nodes(value, found)


def _resolver(nodes: list[dict]):
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}

    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"@id"}:
            return by_id.get(value["@id"], value)
        return value

    return resolve


def _company(posting: dict, resolve) -> str:
    org = resolve(_first(posting.get("hiringOrganization")))
    if isinstance(org, dict):
        return clean_line(org.get("name") or org.get("legalName"))
    return clean_line(org)


def _place(value: Any, resolve) -> str:
    value = resolve(value)
    if isinstance(value, str):
        return clean_line(value)
    if not isinstance(value, dict):
        return ""
    address = resolve(value.get("address"))
    if isinstance(address, str):
        return clean_line(address)
    if isinstance(address, dict):
        country = resolve(address.get("addressCountry"))
        if isinstance(country, dict):
            country = country.get("name")
        parts = [address.get("addressLocality"), address.get("addressRegion"), country]
        return ", ".join(dict.fromkeys(clean_line(p) for p in parts if clean_line(p)))
    return clean_line(value.get("name"))


def _location_and_mode(posting: dict, resolve) -> tuple[str, str]:
    places = [_place(p, resolve) for p in _as_list(posting.get("jobLocation"))]
    places = [p for p in dict.fromkeys(places) if p]
    remote = any(
        isinstance(kind, str) and kind.strip().upper() == "TELECOMMUTE"
        for kind in _as_list(posting.get("jobLocationType"))
    )
    if remote and places:
        # Google's guidance: a remote job with an office to go to as well.
        return "; ".join(places)[:200], "hybrid"
    if places:
        # A place of work and no TELECOMMUTE: on-site, as Google's job posting
        # guidance reads it, unless the description says hybrid or remote.
        said = work_mode_in_text(plain_text(posting.get("description")))
        return "; ".join(places)[:200], said or "on_site"
    if remote:
        regions = [
            _place(r, resolve) or clean_line(resolve(r).get("name") if isinstance(r, dict) else r)
            for r in _as_list(posting.get("applicantLocationRequirements"))
        ]
        regions = [r for r in dict.fromkeys(regions) if r]
        where = f"Remote ({', '.join(regions)})" if regions else "Remote"
        return where[:200], "remote"
    return "", ""  # The description may still say; extract_posting reads it.


def work_mode_in_text(text: str) -> str:
    """The work mode the words state plainly ("hybrid", "on_site", "remote"), or ""."""
    text = text[:MAX_DESCRIPTION_CHARS]
    for mode, pattern in MODE_WORDS:
        if pattern.search(text):
            return mode
    return ""


def _salary(posting: dict, resolve, result: Posting) -> None:
    salary = resolve(_first(posting.get("baseSalary") or posting.get("estimatedSalary")))
    if salary is None:
        return
    currency = ""
    if isinstance(salary, dict):
        currency = salary.get("currency") or posting.get("salaryCurrency") or ""
        value = resolve(salary.get("value"))
    else:
        value = salary
    if isinstance(value, dict):
        low = parse_amount(value.get("minValue"))
        high = parse_amount(value.get("maxValue"))
        exact = parse_amount(value.get("value"))
        unit = str(value.get("unitText") or "YEAR").strip().upper()
    else:
        low = high = None
        exact = parse_amount(value)
        unit = str(salary.get("unitText", "YEAR") if isinstance(salary, dict) else "YEAR").upper()
    if low is None and high is None and exact is not None:
        low = high = exact
    if low is not None and high is not None and high < low:
        low, high = high, low
    if isinstance(currency, str) and CURRENCY.match(currency.strip()):
        result.salary_currency = currency.strip().upper()
    if unit not in PER_YEAR:
        words = UNIT_WORDS.get(unit, f"per {clean_line(unit, 20).lower()}")
        figures = "–".join(f"{n.normalize():f}" for n in dict.fromkeys(x for x in (low, high) if x))
        if figures:
            result.salary_note = (
                f"The posting gives the pay {words}: {figures} {result.salary_currency}".strip()
            )
        return
    times = PER_YEAR[unit]
    for name, amount in (("salary_min", low), ("salary_max", high)):
        if amount is not None:
            yearly = int(amount * times)
            if 0 < yearly <= MAX_SALARY:
                setattr(result, name, yearly)


def _read_job_posting(posting: dict, resolve, result: Posting) -> None:
    result.title = clean_line(posting.get("title") or posting.get("name"))
    result.company = _company(posting, resolve)
    result.location, result.work_mode = _location_and_mode(posting, resolve)
    _salary(posting, resolve, result)
    result.posted_on = parse_date(posting.get("datePosted"))
    result.closes_on = parse_date(posting.get("validThrough"))
    result.url = safe_url(_first(posting.get("url")))
    result.description = plain_text(posting.get("description"))
    result.found_in = "job posting data"


# Microdata in extruct's own shape becomes the JSON-LD shape read above.


def _from_microdata(item: Any) -> Any:
    if isinstance(item, list):
        return [_from_microdata(i) for i in item]
    if not isinstance(item, dict) or "properties" not in item:
        return item
    node = {"@type": _as_list(item.get("type"))}
    for key, value in (item.get("properties") or {}).items():
        node[key] = _from_microdata(value)
    return node


# The page ----------------------------------------------------------------


def _parse(page: str):
    page = CONTROL.sub(" ", page[:MAX_PAGE_CHARS])
    try:
        return lxml.html.fromstring(
            page.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.ParserError, ValueError):
        return None


def _json_ld(tree) -> list[dict]:
    """Every JSON-LD node on the page; a script that is not valid JSON is skipped alone."""
    found: list[dict] = []
    extractor = JsonLdExtractor()
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            items = extractor.extract_items(script)
        except (ValueError, TypeError, RecursionError):
            continue
        _nodes(items, found)
    return found


def _microdata(tree, base_url: str) -> list[dict]:
    found: list[dict] = []
    try:
        items = MicrodataExtractor().extract_items(tree, base_url=base_url or None)
    except (ValueError, TypeError, RecursionError, lxml.etree.LxmlError):
        return found
    _nodes(_from_microdata(list(items)), found)
    return found


def _open_graph(tree) -> dict[str, str]:
    tags: dict[str, str] = {}
    try:
        for item in OpenGraphExtractor().extract_items(tree):
            for key, value in item["properties"]:
                tags.setdefault(key, value)
    except (ValueError, TypeError, AttributeError, IndexError):
        pass
    return tags


def _meta(tree, name: str) -> str:
    for element in tree.xpath("//meta[@name and @content]"):
        if element.get("name", "").strip().lower() == name:
            return element.get("content", "")
    return ""


def _title(tree) -> str:
    titles = tree.xpath("//title")
    return titles[0].text_content() if titles else ""


def extract_posting(page: str, url: str = "") -> Posting:
    """What a pasted page (HTML, or just its text) says about the job."""
    result = Posting(url=safe_url(url))
    page = page or ""
    if not page.strip():
        return result
    if not looks_like_html(page):
        result.description = plain_text(page)
        result.found_in = "page text"
        result.work_mode = work_mode_in_text(result.description)
        return result
    tree = _parse(page)
    if tree is None:
        return result
    nodes = _json_ld(tree)
    resolve = _resolver(nodes)
    postings = [n for n in nodes if "JobPosting" in _type_names(n)]
    if not postings:
        nodes = _microdata(tree, result.url)
        resolve = _resolver(nodes)
        postings = [n for n in nodes if "JobPosting" in _type_names(n)]
    pasted_url = result.url
    if postings:
        # The fullest one, when a page carries a short copy and a long one.
        _read_job_posting(max(postings, key=lambda p: len(p)), resolve, result)
        result.url = pasted_url or result.url
    og = _open_graph(tree)
    if not result.title:
        result.title = clean_line(og.get("og:title") or _title(tree))
        if result.title:
            result.found_in = "page tags" if og.get("og:title") else "page title"
    if not result.description:
        result.description = plain_text(og.get("og:description") or _meta(tree, "description"))
    if not result.url:
        result.url = safe_url(og.get("og:url"))
    if not result.work_mode:
        result.work_mode = work_mode_in_text(result.description)
    return result
