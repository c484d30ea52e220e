"""Fill msgstr entries of a .po file from a JSON dict {msgid: msgstr}.

Used by developers when translating: `python tools/fill_po.py app/locale/zh_Hans/LC_MESSAGES/django.po zh.json`.
Entries without a translation in the dict are left as they are."""

import json
import sys

import polib


def main(po_path: str, json_path: str) -> None:
    po = polib.pofile(po_path)
    with open(json_path, encoding="utf-8") as fh:
        table = json.load(fh)
    for entry in po:
        if entry.msgid in table:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: table[entry.msgid]}
            else:
                entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    print(f"{po_path}: {len(missing)} untranslated", *missing[:20], sep="\n  ")


if __name__ == "__main__":
    main(*sys.argv[1:])
