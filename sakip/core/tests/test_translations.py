"""The English catalog: complete, placeholder-safe, compiled, and reachable through set_language.

Indonesian is the msgid (docs/decisions/0001-indonesian-source-strings.md); these tests keep
`locale/en` from silently falling behind the source strings.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from sakip.conftest import PASSWORD

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# A printf-style conversion as Python's % operator reads it; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Just enough of the PO format for what makemessages writes."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] = ("msgid", 0)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            entry = None
            continue
        if line.startswith("#~"):  # obsolete entries are not compiled
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            kind, index = target
            if kind == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, kind, (getattr(entry, kind) or "") + _unquote(line))
        else:
            keyword, _sep, value = line.partition(" ")
            plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if plural or keyword == "msgstr":
                target = ("msgstr", int(plural.group(1)) if plural else 0)
                entry.msgstr[target[1]] = _unquote(value)
            elif keyword in ("msgid", "msgid_plural", "msgctxt"):
                target = (keyword, 0)
                setattr(entry, keyword, _unquote(value))
            else:
                raise AssertionError(f"{path}:{number}: unexpected line {line!r}")
    return entries


def placeholders(text: str) -> set[str]:
    return {match for match in PLACEHOLDER.findall(text) if match != "%%"}


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    parsed = parse_po(PO_PATH)
    assert parsed and parsed[0].msgid == "", "the catalog must start with its header"
    return parsed


def test_catalog_parses_and_has_entries(entries):
    messages = [e for e in entries if e.msgid]
    assert len(messages) > 100
    assert "Language: en\n" in entries[0].msgstr[0]


def test_no_entry_is_untranslated_or_fuzzy(entries):
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries are not compiled:\n" + "\n".join(fuzzy)
    empty = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries
        if e.msgid and (not e.msgstr or not all(e.msgstr.values()))
    ]
    assert not empty, "untranslated entries:\n" + "\n".join(empty)


def test_plural_entries_have_both_forms(entries):
    for e in entries:
        if e.msgid_plural is not None:
            assert sorted(e.msgstr) == [0, 1], f"line {e.line}: {e.msgid!r}"


def test_placeholders_match(entries):
    wrong = []
    for e in entries:
        if not e.msgid:
            continue
        for index, msgstr in e.msgstr.items():
            source = e.msgid_plural if e.msgid_plural is not None and index > 0 else e.msgid
            if placeholders(msgstr) != placeholders(source):
                wrong.append(f"line {e.line}: {source!r} -> {msgstr!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_leading_and_trailing_whitespace_kept(entries):
    for e in entries:
        if not e.msgid:
            continue
        for msgstr in e.msgstr.values():
            assert (
                msgstr[: len(msgstr) - len(msgstr.lstrip())]
                == e.msgid[: len(e.msgid) - len(e.msgid.lstrip())]
            ), f"line {e.line}"
            assert msgstr[len(msgstr.rstrip()) :] == e.msgid[len(e.msgid.rstrip()) :], (
                f"line {e.line}"
            )


def test_compiled_catalog_is_used():
    # File times are unreliable after a git clone, so check what Django actually reads instead.
    assert MO_PATH.is_file()
    with translation.override("en"):
        assert translation.gettext("Rencana Kinerja") == "Performance Plan"
        assert translation.gettext("Kata sandi") == "Password"
    with translation.override("id"):
        assert translation.gettext("Kata sandi") == "Kata sandi"


def test_set_language_switches_the_interface_to_english(client, organization):
    assert client.login(username="staf.evaluasi", password=PASSWORD)
    profile = reverse("accounts:profile")

    html = client.get(profile).content.decode()
    assert 'lang="id"' in html and '<h1 class="h3">Profil</h1>' in html

    response = client.post(reverse("set_language"), {"language": "en", "next": profile})
    assert response.status_code == 302

    html = client.get(profile).content.decode()
    assert 'lang="en"' in html
    assert '<h1 class="h3">Profile</h1>' in html
    assert "Username" in html and "Position" in html
