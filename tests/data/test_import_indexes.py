"""The writer builds the secondary indexes of empty tables once, and never loses one.

Why: ``ReleaseWriter`` drops the non-unique indexes of the written tables when every one
of them is empty at the start of the write (a first import, a demo built into a new
database) and builds them again in ``finish``, in the same transaction. An import that
ends with any index missing would leave every later read scanning; an import into
tables that already hold rows must not touch their indexes at all (readers may be using
them; on PostgreSQL ``DROP INDEX`` would lock them out until the commit); and a write
that fails half-way must leave the indexes as they were.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from data_access.db.engine import make_engine
from data_access.db.writing import WRITTEN_TABLES
from data_access.ingest.importer import (
    ReleaseWriter,
    _BulkLoad,
    _deferrable_indexes,
    _foreign_keys,
    _index_names,
    import_package,
)
from tests.conftest import MINI_PACKAGE


def _expected_indexes() -> set[str]:
    return {str(index.name) for table in WRITTEN_TABLES.values() for index in table.indexes}


def _present(engine: Engine) -> set[str]:
    """Every index and, on PostgreSQL, every foreign key of the written tables."""
    with engine.connect() as conn:
        return _index_names(conn) | {f"{t}:{d}" for t, _name, d in _foreign_keys(conn)}


def _foreign_key_count() -> int:
    return sum(len(table.foreign_key_constraints) for table in WRITTEN_TABLES.values())


def test_first_import_ends_with_every_index(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        deferred = {str(index.name) for index in _deferrable_indexes(conn)}
    # Empty tables: the non-unique indexes are deferred, the unique ones never.
    assert "ix_project_year_year_region" in deferred
    assert "uq_project_year_live_code" not in deferred
    report = import_package(engine, MINI_PACKAGE)
    assert report.ok, report.render()
    assert _expected_indexes() <= _present(engine)
    if engine.dialect.name == "postgresql":  # the foreign keys were added back
        with engine.connect() as conn:
            assert len(_foreign_keys(conn)) == _foreign_key_count()
    engine.dispose()


def test_tables_with_rows_keep_their_indexes(db_url: str) -> None:
    engine = make_engine(db_url)
    assert import_package(engine, MINI_PACKAGE).ok
    with engine.connect() as conn:
        assert _deferrable_indexes(conn)  # they exist, and yet:
        assert _BulkLoad.of(conn) == _BulkLoad()
    engine.dispose()


def test_failed_write_leaves_every_index(db_url: str) -> None:
    engine = make_engine(db_url)
    before = _present(engine)
    assert _expected_indexes() <= before

    class Boom(Exception):
        pass

    with pytest.raises(Boom), engine.begin() as conn:
        writer = ReleaseWriter(conn, "failing publisher")
        writer.begin(
            {"imported_at": dt.datetime(2026, 1, 1), "package_name": "failing",
             "title": "failing", "license": "CC0-1.0", "published": None,
             "money_unit": "万元", "checksum": "failing", "row_counts": "{}",
             "sources": "[]", "fiscal_years": "[2018]", "is_demo": False},
            [2018],
        )
        writer.write("department", [{"id": writer.reserve("department", 1),
                                     "publisher": "failing publisher", "code": "D1",
                                     "name": "Dept", "region_code": "360000",
                                     "release_id": writer.release_id}])
        assert "ix_project_year_year_region" not in _index_names(conn)  # dropped for now
        raise Boom
    assert _present(engine) == before
    engine.dispose()
