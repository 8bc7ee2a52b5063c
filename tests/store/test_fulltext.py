"""The `text` filter over the full-text index (SQLite FTS5, PostgreSQL tsvector + GIN), on both backends:
words matched as prefixes of the events' words, the LIKE fallback giving the same answers, and the index
following every write (re-ingest, retraction, correction, bulk load, migration of an older store)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from frontwire.fuse import event_from_reports
from frontwire.store import EventQuery, open_store
from frontwire.store.base import Store
from frontwire.store.fulltext import query_words, search_words, words
from frontwire.store.migrations import CURRENT_VERSION
from frontwire.store.sql import SqlStore
from frontwire.types import Article, Claim
from tests.store.factories import report
from tests.store.test_store import rewind_full_text

QUERIES = (
    "shelled",
    "SHELLED",
    "shell",  # a prefix of "shelled" and "shelling"
    "helled",  # inside a word only: no match
    "Umm al-Kayf",
    "al kayf umm",  # order does not matter
    "kayf, Raqqa!",
    "Ḥimṣ",
    "ḥimṣ",
    "hims",  # diacritics are kept: no match
    "Straße",
    "STRASSE",  # case-folded
    "12",
    "soldiers killed",
    "--",  # no words: nothing
    "zzzz-no-such-word",
)


def _fill(store: Store) -> None:
    notes = {
        "a1": "Turkish forces shelled Umm al-Kayf near Tal Tamr; 12 killed",
        "a2": "Shelling hit the Ḥimṣ countryside",
        "a3": "Clashes on the Straße near Raqqa",
        "a4": "Protest in Mosul",
    }
    places = {"a1": "tell_abyad", "a2": "maarat", "a3": "saraqib", "a4": "mosul"}
    claim = Claim("pro-opposition media", "up to 10 soldiers were killed", "unconfirmed")
    for article_id, text in notes.items():
        r = report(
            article_id, notes=text, place=places[article_id], claims=(claim,) if article_id == "a3" else ()
        )
        with store.transaction():
            store.add_article(Article(id=article_id, text=text), None, f"h-{article_id}")
            store.replace_reports(article_id, [r])


def _found(store: Store, text: str) -> set[str | None]:
    return {e.location for e in store.events(EventQuery(text=text))}


@pytest.fixture
def filled(store: Store) -> Store:
    _fill(store)
    return store


def test_words_fold_case_keep_diacritics_and_split_on_everything_else() -> None:
    assert words("Umm al-Kayf, STRASSE; Ḥimṣ 12km o'clock_x") == [
        "umm",
        "al",
        "kayf",
        "strasse",
        "ḥimṣ",
        "12km",
        "o",
        "clock",
        "x",
    ]
    assert search_words("Shelled shelled | Shelling") == "shelled shelling"
    assert query_words("--") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shelled", {"Tell Abyad"}),
        ("SHELLED", {"Tell Abyad"}),
        ("shell", {"Tell Abyad", "Maarat al-Numan"}),
        ("helled", set()),
        ("al kayf umm", {"Tell Abyad"}),
        ("ḥimṣ", {"Maarat al-Numan"}),
        ("hims", set()),
        ("STRASSE", {"Saraqib"}),
        ("soldiers killed", {"Saraqib"}),  # the claim's sentence is searched too
        ("saraqib", {"Saraqib"}),  # and the location
        ("--", set()),
        ("zzzz-no-such-word", set()),
    ],
)
def test_text_filter_matches_words(filled: Store, text: str, expected: set[str]) -> None:
    assert _found(filled, text) == expected
    query = EventQuery(text=text, limit=2)
    assert filled.count_events(query) == len(expected)
    page, total = filled.events_json_counted(query, cap=10)
    assert total == len(expected) and len(page) == min(2, len(expected))


def test_text_filter_uses_the_index(filled: Store) -> None:
    assert isinstance(filled, SqlStore)
    where, params = filled._where(EventQuery(text="shelled"))
    assert ("events_fts MATCH" if filled.backend == "sqlite" else "search_tsv @@") in where
    with filled.transaction():  # the planner can read the index, not every row (tiny tables: no seq scan)
        if filled.backend == "postgresql":
            filled._run("SET LOCAL enable_seqscan = off")
        plan = filled._run(
            ("EXPLAIN QUERY PLAN " if filled.backend == "sqlite" else "EXPLAIN ")
            + f"SELECT event_id FROM events WHERE {where}",
            params,
        ).fetchall()
    text = " ".join(str(cell) for row in plan for cell in row)
    assert "events_fts VIRTUAL TABLE INDEX" in text if filled.backend == "sqlite" else "events_search" in text


def test_sqlite_answers_dense_words_with_the_like(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Words most events have are read in the list's order with the LIKE: the same answers (SQLite
    only: PostgreSQL's planner makes this choice itself)."""
    import frontwire.store.sqlite as sqlite_backend

    filled = open_store(f"sqlite:///{tmp_path / 'dense.sqlite'}")
    _fill(filled)
    indexed = {q: _found(filled, q) for q in QUERIES}
    monkeypatch.setattr(sqlite_backend, "DENSE_MATCHES", 0)
    filled._density.clear()  # type: ignore[attr-defined]
    assert "MATCH" not in filled._where(EventQuery(text="shelled"))[0]  # type: ignore[attr-defined]
    assert {q: _found(filled, q) for q in QUERIES} == indexed
    filled.close()


def test_fallback_gives_the_same_answers(filled: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The LIKE path (SQLite without FTS5, or any backend without the index) answers every query as
    the index does."""
    indexed = {q: _found(filled, q) for q in QUERIES}
    monkeypatch.setattr(filled, "_text_sql", lambda terms: SqlStore._text_sql(filled, terms))  # type: ignore[arg-type]
    assert {q: _found(filled, q) for q in QUERIES} == indexed
    assert any(indexed.values())


def test_index_follows_reingest_retraction_and_corrections(filled: Store) -> None:
    # a changed version of a1 no longer says "shelled"
    with filled.transaction():
        filled.add_article(Article(id="a1", text="v2"), None, "h-a1-v2")
        filled.replace_reports("a1", [report("a1", notes="Turkish drones struck Umm al-Kayf")])
    assert _found(filled, "shelled") == set()
    assert _found(filled, "drones umm") == {"Tell Abyad"}
    # an analyst's note is searchable at once, and survives the next version
    event_id = filled.events(EventQuery(text="drones"))[0].event_id
    filled.correct_event(event_id, {"notes": "Analyst: Bayraktar drone strike"})
    assert _found(filled, "bayraktar") == {"Tell Abyad"} and _found(filled, "drones") == set()
    with filled.transaction():
        filled.add_article(Article(id="a1", text="v3"), None, "h-a1-v3")
        filled.replace_reports("a1", [report("a1", notes="Drones struck Umm al-Kayf again")])
    assert _found(filled, "bayraktar") == {"Tell Abyad"}
    filled.retract_article("a1")
    assert _found(filled, "bayraktar") == set() and _found(filled, "umm") == set()
    # a bulk load replaces events by id: the index follows
    (a2,) = filled.events(EventQuery(text="countryside"))
    filled.load_events([replace(a2, notes="Renamed by an import")])
    assert _found(filled, "countryside") == set() and _found(filled, "renamed import") == {a2.location}
    assert filled.count_events(EventQuery(text="shell")) == 0


def test_migrations_6_and_7_index_an_older_store(store_url: str) -> None:
    with open_store(store_url) as s:
        _fill(s)
        s.load_events([event_from_reports([report("x", notes="Bulk loaded shelling")], event_id="bulk")])
        expected = {q: _found(s, q) for q in QUERIES}
        rewind_full_text(s)
        assert s.schema_version() == 4
    with open_store(store_url) as s:
        assert s.schema_version() == CURRENT_VERSION
        assert {q: _found(s, q) for q in QUERIES} == expected
        assert "Tell Abyad" in _found(s, "shelling")  # the bulk-loaded event too
        columns = [d[0] for d in s._run("SELECT * FROM events LIMIT 0").description]  # type: ignore[attr-defined]
        assert (
            "search_words" in columns and "search_text" not in columns
        )  # migration 7: one copy of the words


def test_bulk_load_rebuilds_the_index_and_a_killed_one_heals(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big load (here: over 2 events) indexes once at the end; a store whose load was killed before
    that (SQLite: no triggers, an index missing the rows) is indexed again when next opened."""
    from frontwire.store import writes

    monkeypatch.setattr(writes, "BULK_BATCH", 2)
    events = [
        event_from_reports([report("x", notes=f"Bulk note {word}")], event_id=f"b{i}")
        for i, word in enumerate(("alpha", "bravo", "charlie", "delta", "echo"))
    ]
    with open_store(store_url) as s:
        _fill(s)
        assert s.load_events(events) == 5
        assert s.count_events(EventQuery(text="bulk")) == 5 and _found(s, "shelled") == {"Tell Abyad"}
        if s.backend == "sqlite":  # killed between dropping the triggers and the rebuild
            s._bulk_mode(True)  # type: ignore[attr-defined]
            s.load_events([replace(events[0], notes="Foxtrot now")])
    with open_store(store_url) as s:
        assert s.count_events(EventQuery(text="bulk")) == 4 + (s.backend == "postgresql")
        assert s.count_events(EventQuery(text="foxtrot")) == (s.backend == "sqlite")
        with s.transaction():
            s._run("DELETE FROM events WHERE event_id = 'b1'")  # type: ignore[attr-defined]
        assert s.count_events(EventQuery(text="bravo")) == 0  # the triggers are back


def test_migration_7_keeps_the_column_where_sqlite_cannot_drop_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite before 3.35 has no DROP COLUMN: a store still opens, writes and searches there."""
    from frontwire.store import migrations

    with open_store(str(tmp_path / "new-sqlite.db")) as s:
        _fill(s)
        expected = {q: _found(s, q) for q in QUERIES}
    monkeypatch.setattr(migrations.sqlite3, "sqlite_version_info", (3, 34, 1))
    with open_store(str(tmp_path / "old-sqlite.db")) as s:
        assert s.schema_version() == CURRENT_VERSION
        columns = [d[0] for d in s._run("SELECT * FROM events LIMIT 0").description]  # type: ignore[attr-defined]
        assert "search_text" in columns
        _fill(s)
        assert {q: _found(s, q) for q in QUERIES} == expected
