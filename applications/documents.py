"""The CV, cover letter or other document that went with applications: what a
file really is, read from its content, never from its name.

A PDF starts with `%PDF-`; a DOCX is a zip with Word's `word/document.xml` and
`[Content_Types].xml`; an ODT is a zip whose `mimetype` entry says
`application/vnd.oasis.opendocument.text`; a text file is UTF-8 without
control characters. Only the zip's table of contents is read (and one tiny
entry for ODT), so a zip bomb is never unpacked.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileType:
    code: str
    extension: str
    content_type: str
    label: str


FILE_TYPES = {
    t.code: t
    for t in (
        FileType("pdf", "pdf", "application/pdf", "PDF"),
        FileType(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word (DOCX)",
        ),
        FileType("odt", "odt", "application/vnd.oasis.opendocument.text", "OpenDocument (ODT)"),
        FileType("txt", "txt", "text/plain; charset=utf-8", "Text"),
    )
}
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Markup is text too, but not a CV: a web page or an SVG renamed "cv.txt" is refused.
MARKUP = re.compile(r"^\s*<\s*[!?a-zA-Z]")


def max_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES


def size_in_words(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} bytes"


def _zip_type(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
            first = infos[0] if infos else None
            if (
                first is not None
                and first.filename == "mimetype"
                and first.file_size < 200
                and archive.read(first).strip() == ODT_MIMETYPE
            ):
                return "odt"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    return None


def _is_text(upload) -> bool:
    upload.seek(0)
    data = upload.read(max_bytes() + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and not TEXT_CONTROL.search(text) and not MARKUP.match(text)


def detect_type(upload) -> str | None:
    """The file's type code ("pdf", "docx", "odt", "txt") from its bytes, or None."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    if _is_text(upload):
        return "txt"
    return None


def check_upload(upload) -> str:
    """The type of an uploaded file, or a ValidationError that says what to do."""
    if upload.size > max_bytes():
        size, limit = size_in_words(upload.size), size_in_words(max_bytes())
        over = f"just over the {limit} limit" if size == limit else f"{size}; the limit is {limit}"
        raise ValidationError(
            f"This file is {over}. Save a smaller copy (a PDF without large images usually "
            "is) and upload that.",
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError("This file is empty. Choose the file you sent.", code="empty")
    found = detect_type(upload)
    upload.seek(0)
    if found is None:
        raise ValidationError(
            "This file is not a PDF, Word (DOCX), OpenDocument (ODT) or plain text file, "
            "whatever its name says. Save it in one of those formats and upload it again.",
            code="type",
        )
    return found


def safe_file_name(name: str, file_type: str) -> str:
    """A name fit for a download: the person's own, with the extension of what it is."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[\x00-\x1f\x7f\"<>:|?*\u202a-\u202e\u2066-\u2069]", "", stem).strip(" .")
    return f"{stem[:150] or 'document'}.{FILE_TYPES[file_type].extension}"
