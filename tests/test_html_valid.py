"""Every crawled page is valid HTML, by the Nu Html Checker (vnu.jar).

The HTML is what the server sent (not the DOM after scripts ran), for every page
of the shared crawl (tests/crawl.py); vnu runs once over all of them.
`make test` installs vnu.jar into .tools/ (scripts/ensure-vnu); Java runs it.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture
def vnu_command() -> list[str]:
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java is not installed (Debian: apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR.relative_to(ROOT)} is missing (run scripts/ensure-vnu)")
    if missing:
        message = "The HTML check cannot run: " + "; ".join(missing) + "."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]


def _file_name(index: int, path: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")[:60] or "root"
    return f"{index:03d}-{slug}.html"


def test_every_page_is_valid_html(vnu_command, site_crawl, tmp_path):
    files = {}
    for index, page in enumerate(site_crawl.pages):
        file = tmp_path / _file_name(index, page.path)
        file.write_text(page.html, encoding="utf-8")
        files[file.name] = page
    assert files, "The crawl found no pages to check."

    completed = subprocess.run(
        [*vnu_command, *sorted(str(tmp_path / name) for name in files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(completed.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"vnu did not answer in JSON: {completed.stdout[:500]} {completed.stderr[:500]}"
        )

    errors = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        page = files.get(Path(message.get("url", "")).name)
        where = str(page) if page else message.get("url", "?")
        extract = re.sub(r"\s+", " ", message.get("extract", ""))[:120]
        errors.append(
            f"{where} line {message.get('lastLine', '?')}: {message['message']} | {extract}"
        )
    assert errors == [], f"{len(errors)} HTML error(s):\n  " + "\n  ".join(errors)
