"""Every string the code marks for translation has a Chinese translation in
some catalogue (Django merges them), none is left fuzzy (a fuzzy entry is not
compiled, so the page shows English), and each translation keeps the
original's placeholders."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def _catalogues() -> list[polib.POFile]:
    return [
        polib.pofile(str(path))
        for path in sorted(ROOT.glob("**/zh_Hans/LC_MESSAGES/django.po"))
        if ".venv" not in path.parts
    ]


def test_every_string_has_a_chinese_translation():
    catalogues = _catalogues()
    translated = {
        (e.msgctxt, e.msgid) for c in catalogues for e in c.translated_entries()
    }
    missing = sorted(
        f"{Path(c.fpath).relative_to(ROOT)}: {e.msgid[:60]!r}"
        + (" (fuzzy)" if e.fuzzy else "")
        for c in catalogues
        for e in c
        if not e.obsolete and (e.msgctxt, e.msgid) not in translated
    )
    assert not missing, "\n".join(missing)


def test_translations_keep_their_placeholders():
    wrong = []
    for c in _catalogues():
        for e in c.translated_entries():
            texts = [e.msgstr] if e.msgstr else list(e.msgstr_plural.values())
            for text in texts:
                if set(PLACEHOLDER.findall(text)) - set(
                    PLACEHOLDER.findall(e.msgid + (e.msgid_plural or ""))
                ):
                    wrong.append(f"{e.msgid[:60]!r} -> {text[:60]!r}")
    assert not wrong, "\n".join(wrong)
