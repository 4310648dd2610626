"""``/feed.xml``: a valid Atom feed of the releases, newest first, in zh or en."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from dashboard.core.settings import public_url
from data_access.db.engine import make_engine
from tests.web_support import changed_mini, client_for, import_package

NS = {"a": "http://www.w3.org/2005/Atom"}


def parse(text: bytes) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert root.find(required, NS) is not None, required
    for entry in root.findall("a:entry", NS):
        for required in ("a:id", "a:title", "a:updated", "a:author/a:name", "a:summary"):
            assert (entry.findtext(required, namespaces=NS) or "").strip(), required
        assert entry.find("a:link[@rel='alternate']", NS) is not None
    return root


def test_feed_lists_every_release_newest_first(db_url: str, tmp_path: Path) -> None:
    import_package(db_url)
    with client_for(db_url) as client:
        answer = client.get("/feed.xml")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/atom+xml")
        assert answer.headers["access-control-allow-origin"] == "*"
        root = parse(answer.content)
        (entry,) = root.findall("a:entry", NS)
        assert entry.findtext("a:id", namespaces=NS).startswith("urn:uuid:")
        assert entry.findtext("a:author/a:name", namespaces=NS) == "示例发布单位"
        link = entry.find("a:link[@rel='alternate']", NS).get("href")
        assert link == public_url("/?release=1")
        summary = entry.findtext("a:summary", namespaces=NS)
        body = client.get("/api/v1/releases").json()["releases"][0]
        assert body["checksum"] in summary and "2013, 2016, 2017" in summary
        assert [c.get("term") for c in entry.findall("a:category", NS)] == ["2013", "2016", "2017"]
        first_id = entry.findtext("a:id", namespaces=NS)

        import_package(db_url, changed_mini(tmp_path))
        root = parse(client.get("/feed.xml").content)
        entries = root.findall("a:entry", NS)
        assert [e.find("a:link[@rel='alternate']", NS).get("href") for e in entries] == [
            public_url("/?release=2"),
            public_url("/?release=1"),
        ]
        assert entries[1].findtext("a:id", namespaces=NS) == first_id
        assert root.findtext("a:updated", namespaces=NS) == entries[0].findtext(
            "a:updated", namespaces=NS
        )


def test_feed_in_english_and_when_empty(sqlite_url: str) -> None:
    make_engine(sqlite_url).dispose()
    with client_for(sqlite_url) as client:
        empty = parse(client.get("/feed.xml").content)
        assert empty.findall("a:entry", NS) == []
        import_package(sqlite_url)
        root = parse(client.get("/feed.xml?lang=en").content)
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        assert root.findtext("a:title", namespaces=NS).endswith("releases")
        entry = root.find("a:entry", NS)
        assert entry.findtext("a:title", namespaces=NS).startswith("Release #1")
        assert entry.find("a:link[@rel='alternate']", NS).get("href").endswith(
            "/?release=1&lang=en"
        )
        assert client.get("/feed.xml?lang=fr").status_code == 400
