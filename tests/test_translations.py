"""The Vietnamese catalogue is complete and its compiled form is current."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# Words that read the same in both languages, and fallbacks Django's own catalogue translates.
SAME_IN_BOTH = {"English", "Django site admin", "Django administration"}


def catalogue_entries():
    """(msgid, msgstr) pairs of the .po file, multi-line strings joined."""
    entries, current, field = [], {}, None
    for line in [*CATALOGUE.read_text(encoding="utf-8").splitlines(), ""]:
        match = re.match(r'^(msgid|msgid_plural|msgstr|msgstr\[0\]) (".*")$', line)
        if match:
            field = {"msgstr[0]": "msgstr"}.get(match.group(1), match.group(1))
            if field == "msgid" and "msgstr" in current:
                entries.append((current["msgid"], current["msgstr"]))
                current = {}
            current[field] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
    if "msgstr" in current:
        entries.append((current["msgid"], current["msgstr"]))
    return [(msgid, msgstr) for msgid, msgstr in entries if msgid]


def test_every_text_has_a_vietnamese_translation():
    entries = catalogue_entries()
    untranslated = [msgid for msgid, msgstr in entries if not msgstr and msgid not in SAME_IN_BOTH]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    with translation.override("vi"):
        stale = [
            msgid
            for msgid, msgstr in catalogue_entries()
            if msgstr and "%" not in msgid and translation.gettext(msgid) != msgstr
        ]
    assert stale == []
