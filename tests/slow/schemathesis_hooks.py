"""Schemathesis hooks of ``test_schemathesis`` (loaded through ``SCHEMATHESIS_HOOKS``).

Why one: the project list's and the ledger's ``cursor`` is opaque, valid only as the API
wrote it into ``links.next`` (the OpenAPI document says: follow that link rather than
build it), so no schema can tell a fuzzer which strings are cursors, and a generated
one is rightly refused (400). Generated requests therefore carry no cursor; the
stateful phase still follows ``links.next`` with the API's own, and
``tests/web/test_api.py`` refuses forged, foreign and stale cursors by hand.
"""

from __future__ import annotations

from typing import Any

import schemathesis


@schemathesis.hook
def map_query(context: Any, query: dict[str, Any] | None) -> dict[str, Any] | None:
    if query is None:
        return query
    return {name: value for name, value in query.items() if name != "cursor"}
