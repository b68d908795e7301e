"""Danish first: every string marked for translation has a Danish translation, and the
compiled catalogue in the repository matches its source."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = [
    "samskabelse",
    "webhooks",
    "projects",
    "network",
    "events",
    "templates",
    "manage.py",
    "locale",
]

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext (apt-get install gettext) is needed to extract and compile messages",
)


def untranslated_entries(po_text):
    """msgids whose msgstr is empty or marked fuzzy (header excluded)."""
    missing = []
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        msgid = "".join(line[6:].strip('"') for line in lines if line.startswith("msgid "))
        if not msgid:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        empty = any(line in ('msgstr ""', 'msgstr[0] ""') for line in lines)
        if fuzzy or empty:
            missing.append(msgid)
    return missing


@needs_gettext
def test_every_marked_string_has_a_danish_translation(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "da", "--no-wrap", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
    )
    assert result.returncode == 0, result.stderr
    extracted = (tmp_path / "locale" / "da" / "LC_MESSAGES" / "django.po").read_text()
    assert untranslated_entries(extracted) == [], "run `make messages` and translate these"


@needs_gettext
def test_compiled_catalogue_matches_the_po_file(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(PO)], check=True)
    with MO.open("rb") as committed, fresh.open("rb") as compiled:
        committed_catalog = gettext.GNUTranslations(committed)._catalog
        fresh_catalog = gettext.GNUTranslations(compiled)._catalog
    assert committed_catalog == fresh_catalog, "run `make messages` to recompile locale/da"
