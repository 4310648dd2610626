"""The ids of the hearing's questions, as the ``ask`` URL parameter writes them.

Why in the core: the URL parameter table (``dashboard.core.params``) parses ``ask`` and
the hearing brief (``dashboard.renderers.brief``) and page (``dashboard.ui.hearing``)
write and read the same ids. The table must not load the brief to parse a link, so the
id grammar lives here, below both.
"""

from __future__ import annotations

import re

LAGGING = "lagging_region"
# Short, stable ids of a question for the ``ask`` URL parameter: rule + project code,
# or for a lagging unit rule + kind + code ("lag-child-360121", "lag-department-D002").
RULE_IDS: dict[str, str] = {
    "poor_not_cut": "pnc",
    "cut_not_carried_out": "cnc",
    "low_execution": "lex",
    "targets_missed": "tgm",
    "self_inflated": "sin",
    "halted": "hlt",
    "no_report": "nrp",
    "no_targets": "ntg",
    LAGGING: "lag",
}
# A rule prefix and the flagged thing's own code (project, region or department), which
# a package may spell with any printable characters: all but commas (the separator) and
# spaces or control characters, up to the length of a code in a URL (``CODE_MAX``).
_ID = re.compile(rf"^({'|'.join(RULE_IDS.values())})-[^,\x00-\x20\x7f]{{1,64}}$")
MAX_ASKED = 100


def parse_asked(text: str | None) -> tuple[str, ...]:
    """The item ids of an ``ask`` parameter (comma separated), well-formed ones only,
    each once, in the order given. Ids of items that are not flagged are dropped
    later, against the subject's flags, so a stale link asks nothing wrong."""
    found: list[str] = []
    for part in (text or "").split(","):
        part = part.strip()
        if _ID.match(part) and part not in found:
            found.append(part)
    return tuple(found[:MAX_ASKED])
