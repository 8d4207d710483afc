"""The English translation is complete, compiled and used.

The interface is Dutch (the msgids) and English on request; a msgid without an English
msgstr, or with a ``fuzzy`` flag (which msgfmt leaves out of the .mo), shows up in Dutch on
the English site. These tests read locale/en/LC_MESSAGES/django.po with a small parser
(polib is not a dependency) and compare it with the committed django.mo.
"""

import gettext
import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.utils import translation

PO_PATH = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


@dataclass
class Entry:
    lineno: int = 0
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def untranslated(self) -> bool:
        return not self.msgstr or any(value == "" for value in self.msgstr.values())


def parse_po(path) -> list[Entry]:
    """The active (non-obsolete) entries of a .po file, header included."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int | None] | None = None

    def finish():
        nonlocal entry, current
        if current is not None:
            entries.append(entry)
        entry, current = Entry(), None

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue  # obsolete entries are not compiled
        elif line.startswith("#"):
            if current is not None:
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif match := _KEYWORD.match(line):
            keyword, index, value = match.groups()
            if keyword in ("msgctxt", "msgid") and current and current[0] == "msgstr":
                finish()
            value = _unquote(value)
            if keyword.startswith("msgstr"):
                current = ("msgstr", int(index or 0))
                entry.msgstr[current[1]] = value
            else:
                current = (keyword, None)
                if keyword == "msgid":
                    entry.lineno = lineno
                setattr(entry, keyword, value)
        elif line.startswith('"') and current is not None:
            value = _unquote(line[1:-1])
            if current[0] == "msgstr":
                entry.msgstr[current[1]] += value
            else:
                setattr(entry, current[0], getattr(entry, current[0]) + value)
        else:
            raise ValueError(f"{path}:{lineno}: cannot parse {raw!r}")
    finish()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    return parse_po(PO_PATH)


def _describe(entry: Entry) -> str:
    return f"line {entry.lineno}: {entry.msgid!r}"


def test_every_english_entry_is_translated_and_not_fuzzy(po_entries):
    messages = [entry for entry in po_entries if entry.msgid]
    assert len(messages) > 100, "the parser found suspiciously few entries"
    untranslated = [_describe(entry) for entry in messages if entry.untranslated]
    fuzzy = [_describe(entry) for entry in messages if entry.fuzzy]
    assert not untranslated, "Entries without an English msgstr:\n" + "\n".join(untranslated)
    assert not fuzzy, "Fuzzy entries (left out of the .mo):\n" + "\n".join(fuzzy)


def test_plural_entries_have_every_plural_form(po_entries):
    plurals = [entry for entry in po_entries if entry.msgid_plural is not None]
    incomplete = [_describe(entry) for entry in plurals if sorted(entry.msgstr) != [0, 1]]
    assert not incomplete, "Plural entries without both forms:\n" + "\n".join(incomplete)


def _po_catalogue(entries: list[Entry]) -> dict:
    """What msgfmt would put in the .mo: every translated, non-fuzzy entry."""
    catalogue: dict = {}
    for entry in entries:
        if entry.fuzzy or (entry.msgid and entry.untranslated):
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            catalogue[msgid] = entry.msgstr[0]
        else:
            for index, value in entry.msgstr.items():
                catalogue[(msgid, index)] = value
    return catalogue


def test_compiled_mo_matches_the_po(po_entries):
    with MO_PATH.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)._catalog
    expected = _po_catalogue(po_entries)
    # The header (msgid "") is stored as is; compare only the messages.
    compiled = {key: value for key, value in compiled.items() if key != ""}
    expected = {key: value for key, value in expected.items() if key != ""}
    missing = sorted(str(key) for key in expected.keys() - compiled.keys())
    stale = sorted(str(key) for key in compiled.keys() - expected.keys())
    changed = sorted(
        str(key) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key]
    )
    problems = {"missing from the .mo": missing, "only in the .mo": stale, "different": changed}
    assert not any(problems.values()), (
        "django.mo is out of date; run `manage.py compilemessages --ignore=.venv`: "
        + repr({kind: keys[:20] for kind, keys in problems.items() if keys})
    )


@pytest.mark.django_db
def test_home_page_heading_is_english_with_the_language_cookie(client, po_entries):
    heading = "Vragencatalogus maatschappelijke onrust"  # the <h1> of questionsets/home.html
    english = next(entry.msgstr[0] for entry in po_entries if entry.msgid == heading)
    assert english and english != heading
    with translation.override("en"):
        assert translation.gettext(heading) == english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert f"<h1>{english}</h1>" in response.text
