"""Writes: an article's reports in, events re-fused around them, bulk event loads.

Fusion decisions are `frontwire.fuse`'s; this module does the bookkeeping around them in one
transaction: which stored reports are candidates, which events they belong to, which event ids survive
a re-grouping (the one most of a group's reports came from), and which become deletions (merged into
another event, or retracted when no report is left).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from frontwire import fuse
from frontwire.errors import StoreError
from frontwire.store.base import FuseOutcome, OutletHomeRow, StoredReport
from frontwire.store.corrections import APPLIED, UNMATCHED, StoredCorrection, lay_over
from frontwire.store.fulltext import search_words
from frontwire.store.records import (
    EVENT_ROW_COLUMNS,
    actor_text,
    event_extras_json,
    event_from_row,
    event_json,
    report_from_json,
    report_to_json,
    search_text,
)
from frontwire.store.sql import EVENT_COLUMNS, SqlStore, country_iso, now
from frontwire.types import Event, Report

BULK_BATCH = 20_000


class SqlWriteStore(SqlStore):
    """The write side of the SQL store (ingest, imports)."""

    def _candidates(self, report: Report) -> list[StoredReport]:
        """Stored reports that may tell the same event as `report` (cheap SQL filter; rules in fuse):
        same country, a compatible sub-type, and a date within the tolerance of the coarser date."""
        if report.event_date is None or report.place is None:
            return []
        subs = sorted(
            {report.sub_event_type}.union(
                *(g for g in fuse.COMPATIBLE_SUB_TYPES if report.sub_event_type in g)
            )
        )
        own = fuse.date_tolerance(report)
        windows, params = [], []
        for condition, tolerance in (
            ("time_precision <= 1", fuse.DATE_TOLERANCE_DAYS[1]),
            ("time_precision = 2", fuse.DATE_TOLERANCE_DAYS[2]),
            ("time_precision >= 3", fuse.DATE_TOLERANCE_DAYS[3]),
        ):
            reach = timedelta(days=max(own, tolerance))
            windows.append(f"({condition} AND event_date BETWEEN ? AND ?)")
            params += [self._date(report.event_date - reach), self._date(report.event_date + reach)]
        marks = ", ".join("?" for _ in subs)
        iso_sql = "iso = ?" if report.place.country_code else "iso IS NULL"
        head: list[Any] = [report.place.country_code] if report.place.country_code else []
        return self._reports(
            f"{iso_sql} AND sub_event_type IN ({marks}) AND ({' OR '.join(windows)}) "
            "AND event_id IS NOT NULL AND article_id <> ?",
            [*head, *subs, *params, report.article_id],
        )

    def _insert_reports(self, article_id: str, reports: Sequence[Report]) -> list[StoredReport]:
        stored: list[StoredReport] = []
        used: set[str] = set()
        for seq, report in enumerate(reports):
            rid = base = f"{article_id}:{fuse.report_key(report)}"
            n = 1
            while rid in used:
                n += 1
                rid = f"{base}:{n}"
            used.add(rid)
            stored.append(StoredReport(rid, article_id, None, seq, report))
        self._run_many(
            """INSERT INTO reports (report_id, article_id, seq, event_id, event_type, sub_event_type,
                   event_date, time_precision, iso, latitude, longitude, fatalities, payload)
               VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    s.report_id,
                    article_id,
                    s.seq,
                    s.report.event_type,
                    s.report.sub_event_type,
                    self._date(s.report.event_date),
                    s.report.time_precision,
                    s.report.place.country_code if s.report.place else None,
                    s.report.place.latitude if s.report.place else None,
                    s.report.place.longitude if s.report.place else None,
                    s.report.fatalities,
                    self._payload(report_to_json(s.report)),
                )
                for s in stored
            ],
        )
        self._remember_actors_and_places(reports)
        return stored

    def _remember_actors_and_places(self, reports: Sequence[Report]) -> None:
        actors = {a.actor_id: a for r in reports for a in (r.actor1, r.actor2) if a is not None}
        places = {r.place.place_id: r.place for r in reports if r.place is not None}
        if actors:
            self._run_many(
                "INSERT INTO actors (actor_id, name, inter, country, kind) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (actor_id) DO NOTHING",
                [(a.actor_id, a.name, a.inter, a.country, a.kind) for a in actors.values()],
            )
        if places:
            self._run_many(
                """INSERT INTO places (place_id, name, latitude, longitude, country, country_code, admin1,
                       admin2, admin3, feature, population) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (place_id) DO NOTHING""",
                [
                    (
                        p.place_id,
                        p.name,
                        p.latitude,
                        p.longitude,
                        p.country,
                        p.country_code,
                        p.admin1,
                        p.admin2,
                        p.admin3,
                        p.feature,
                        p.population,
                    )
                    for p in places.values()
                ],
            )

    def replace_reports(self, article_id: str, reports: Sequence[Report]) -> FuseOutcome:
        with self.transaction():
            old = self.reports_of_article(article_id)
            corrections = self.corrections(article_id)
            laid, where = lay_over(reports, corrections) if corrections else (list(reports), {})
            self._run("DELETE FROM reports WHERE article_id = ?", (article_id,))
            new = self._insert_reports(article_id, laid)
            self._recheck(corrections, where, reports, new)
            outcome = self._refuse(old, new, _predecessors(old, new))
            unmatched = tuple(c.correction_id for c in corrections if where[c.correction_id] is None)
            return replace(outcome, reapplied=len(corrections) - len(unmatched), unmatched=unmatched)

    def retract_article(self, article_id: str) -> FuseOutcome:
        with self.transaction():
            old = self.reports_of_article(article_id)
            corrections = self.corrections(article_id)
            self._recheck(corrections, dict.fromkeys((c.correction_id for c in corrections), None), [], [])
            self._run("DELETE FROM reports WHERE article_id = ?", (article_id,))
            outcome = self._refuse(old, [])
            self._run("DELETE FROM articles WHERE article_id = ?", (article_id,))
            return replace(outcome, unmatched=tuple(c.correction_id for c in corrections))

    # ------------------------------------------------------------------------------ corrections
    def correct_event(self, event_id: str, fields: Mapping[str, Any]) -> list[FuseOutcome]:
        with self.transaction():
            detail = self.get_event(event_id)
            if detail is None:
                raise StoreError(f"no event {event_id!r}")
            targets = {r.report_id for r in detail.reports}
            row = self._run("SELECT COALESCE(MAX(seq), 0) FROM corrections").fetchone()
            seq = int(row[0])
            stamp = self._ts(now())
            outcomes = []
            for article_id in detail.event.article_ids:
                stored = self.reports_of_article(article_id)
                # the article's reports as extracted: a corrected one is what its corrections were made on
                made_on = {
                    c.report_id: c.extracted
                    for c in self.corrections(article_id)
                    if c.status == APPLIED and c.report_id
                }
                extracted = [made_on.get(s.report_id, s.report) for s in stored]
                rows = []
                for s, report in zip(stored, extracted, strict=True):
                    if s.report_id in targets:
                        seq += 1
                        rows.append(
                            (f"c{seq}", seq, article_id, event_id, s.report_id, json.dumps(dict(fields)))
                            + (report_to_json(report), APPLIED, stamp, stamp)
                        )
                self._run_many(
                    "INSERT INTO corrections (correction_id, seq, article_id, event_id, report_id, fields, "
                    "extracted, status, created_at, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                outcomes.append(self.replace_reports(article_id, extracted))
            return outcomes

    def corrections(self, article_id: str | None = None, status: str | None = None) -> list[StoredCorrection]:
        clauses, params = [], []
        if article_id is not None:
            clauses.append("article_id = ?")
            params.append(article_id)
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        where = " AND ".join(clauses) or "1 = 1"
        rows = self._run(
            "SELECT correction_id, article_id, event_id, fields, extracted, report_id, status, created_at, "
            f"checked_at FROM corrections WHERE {where} ORDER BY seq",
            params,
        ).fetchall()
        return [
            StoredCorrection(
                correction_id=r[0],
                article_id=r[1],
                event_id=r[2],
                fields=json.loads(r[3]),
                extracted=report_from_json(r[4]),
                report_id=r[5],
                status=r[6],
                created_at=self._read_ts(r[7]),
                checked_at=self._read_ts(r[8]),
            )
            for r in rows
        ]

    def _recheck(
        self,
        corrections: Sequence[StoredCorrection],
        where: Mapping[str, int | None],
        extracted: Sequence[Report],
        new: Sequence[StoredReport],
    ) -> None:
        """Record where each correction of the article now applies (report, and the report as extracted
        it was matched to), or that it is unmatched."""
        stamp = self._ts(now())
        rows: list[tuple[str | None, str, str, Any, str]] = []
        for c in corrections:
            j = where[c.correction_id]
            if j is None:
                rows.append((None, report_to_json(c.extracted), UNMATCHED, stamp, c.correction_id))
            else:
                rows.append((new[j].report_id, report_to_json(extracted[j]), APPLIED, stamp, c.correction_id))
        if rows:
            self._run_many(
                "UPDATE corrections SET report_id = ?, extracted = ?, status = ?, checked_at = ? "
                "WHERE correction_id = ?",
                rows,
            )

    def _refuse(
        self,
        old: Sequence[StoredReport],
        new: Sequence[StoredReport],
        predecessors: dict[str, str] | None = None,
    ) -> FuseOutcome:
        """Re-group the reports around the changed ones and write the resulting events.

        `predecessors` maps a new report to the event its earlier version (same article) was in: a group
        no unchanged report ties to a surviving event keeps that event's id (a corrected event stays
        the same event)."""
        touched = {r.event_id for r in old if r.event_id}
        matched: set[str] = set()
        for s in new:
            for c in self._candidates(s.report):
                if c.event_id and fuse.same_event(s.report, c.report):
                    matched.add(c.event_id)
        affected = sorted(touched | matched)
        pool: dict[str, StoredReport] = {s.report_id: s for s in new}
        before: dict[str, tuple[Event, datetime]] = {}
        among, params = self._among("event_id", affected)
        for s in self._reports(among, params):
            pool.setdefault(s.report_id, s)
        for row in self._run(
            f"SELECT {EVENT_ROW_COLUMNS}, created_at FROM events WHERE {among}", params
        ).fetchall():
            before[row[0]] = (event_from_row(row[:-1]), self._read_ts(row[-1]))
        items = sorted(pool.values(), key=lambda s: s.report_id)
        clusters = [[items[i] for i in group] for group in fuse.cluster_indices([s.report for s in items])]
        # keep the id of the old event a group mostly came from, so links stay stable: first by the
        # unchanged reports in it, then by the earlier versions of its new ones, else a new id
        used: set[str] = set()
        ids: dict[int, str] = {}
        ordered = sorted(clusters, key=lambda c: (-len(c), min(s.report_id for s in c)))
        earlier = predecessors or {}
        for previous_of in (lambda s: s.event_id, lambda s: earlier.get(s.report_id)):
            for k, cluster in enumerate(ordered):
                votes = Counter(e for s in cluster if (e := previous_of(s)) in before and e not in used)
                if k not in ids and votes:
                    ids[k] = min(votes, key=lambda e: (-votes[e], e))
                    used.add(ids[k])
        assigned: list[tuple[str, list[StoredReport]]] = []
        for k, cluster in enumerate(ordered):
            event_id = ids.get(k, "")
            if not event_id:
                event_id = "ev-" + fuse.report_key(min(cluster, key=lambda s: s.report_id).report)
                while event_id in used or event_id in before:
                    event_id += "x"
                used.add(event_id)
            assigned.append((event_id, cluster))
        stamp = now()
        new_ids, merged_ids, changed_ids, written = [], [], [], []
        new_article = new[0].article_id if new else None
        for event_id, cluster in assigned:
            cluster.sort(key=lambda s: (s.article_id, s.seq))
            event = fuse.event_from_reports([s.report for s in cluster], event_id=event_id)
            previous = before.get(event_id)
            if previous is None:
                new_ids.append(event_id)
            elif previous[0] != event:
                changed_ids.append(event_id)
                if new_article and any(s.article_id == new_article for s in cluster):
                    merged_ids.append(event_id)
            if previous is None or event_id in changed_ids:
                created = previous[1] if previous else stamp
                self._write_event(event, len(cluster), created, stamp)
                written.append(event_id)
            self._assign(event_id, [s.report_id for s in cluster if s.event_id != event_id])
        target = {s.report_id: event_id for event_id, cluster in assigned for s in cluster}
        deleted = []
        for event_id in before:
            if event_id in used:
                continue
            # merged when the articles that told it now tell another event; retracted otherwise
            told = {s.article_id for s in [*pool.values(), *old] if s.event_id == event_id}
            into = Counter(target[rid] for rid, s in pool.items() if s.article_id in told and rid in target)
            merged_into = min(into, key=lambda e: (-into[e], e)) if into else None
            self._run("DELETE FROM events WHERE event_id = ?", (event_id,))
            self._run(
                "INSERT INTO deletions (event_id, deleted_at, reason, merged_into) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (event_id) DO UPDATE SET deleted_at = excluded.deleted_at, "
                "reason = excluded.reason, merged_into = excluded.merged_into",
                (event_id, self._ts(stamp), "merged" if merged_into else "retracted", merged_into),
            )
            deleted.append(event_id)
        if written:
            self._after_events_written(written)
        return FuseOutcome(
            reports=len(new),
            new_events=tuple(new_ids),
            merged_events=tuple(merged_ids),
            changed_events=tuple(changed_ids),
            deleted_events=tuple(deleted),
        )

    def _assign(self, event_id: str, report_ids: Sequence[str]) -> None:
        if report_ids:
            self._run_many(
                "UPDATE reports SET event_id = ? WHERE report_id = ?", [(event_id, r) for r in report_ids]
            )

    def _event_row(self, event: Event, n_reports: int, created: Any, updated: Any) -> tuple[Any, ...]:
        """The events row (EVENT_COLUMNS order); `created` and `updated` already in the dialect's form."""
        iso = event.iso or country_iso(event.country)
        return (
            event.event_id,
            self._date(event.event_date or None),
            event.time_precision,
            event.event_type,
            event.sub_event_type,
            event.actor1,
            event.actor1_id,
            event.actor2,
            event.actor2_id,
            event.inter1,
            event.inter2,
            event.interaction,
            self._bool(event.civilian_targeting),
            event.country,
            iso,
            event.admin1,
            event.admin2,
            event.admin3,
            event.location,
            event.place_id,
            event.latitude,
            event.longitude,
            event.geo_precision,
            event.fatalities,
            event.source,
            event.confidence,
            n_reports,
            actor_text(event),
            self._payload(event_extras_json(event)),
            created,
            updated,
            None if event.admin1 is None else event.admin1.lower(),
            event_json(event),
            search_words(search_text(event)),
        )

    _UPSERT_EVENT = (
        f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({', '.join('?' for _ in EVENT_COLUMNS.split(','))}) "
        "ON CONFLICT (event_id) DO UPDATE SET "
        + ", ".join(
            f"{c.strip()} = excluded.{c.strip()}"
            for c in EVENT_COLUMNS.split(",")
            if c.strip() not in ("event_id", "created_at")
        )
    )

    def _write_event(self, event: Event, n_reports: int, created: datetime, updated: datetime) -> None:
        row = self._event_row(event, n_reports, self._ts(created), self._ts(updated))
        self._run(self._UPSERT_EVENT, row)
        self._run("DELETE FROM deletions WHERE event_id = ?", (event.event_id,))

    def outlet_homes(self, limit: int | None = None) -> list[OutletHomeRow]:
        recent = "SELECT outlet_key, seen, state FROM outlet_homes ORDER BY seen DESC, outlet_key DESC"
        sql, params = (f"{recent} LIMIT ?", [limit]) if limit is not None else (recent, [])
        rows = self._run(f"SELECT * FROM ({sql}) AS recent ORDER BY seen, outlet_key", params)
        return [OutletHomeRow(r[0], int(r[1]), r[2]) for r in rows.fetchall()]

    def save_outlet_homes(self, rows: Sequence[OutletHomeRow]) -> None:
        if not rows:
            return
        at = self._ts(now())
        with self.transaction():
            self._run_many(
                """INSERT INTO outlet_homes (outlet_key, seen, state, updated_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (outlet_key) DO UPDATE SET seen = excluded.seen, state = excluded.state,
                       updated_at = excluded.updated_at""",
                [(r.outlet_key, r.seen, r.state, at) for r in rows],
            )

    def load_events(self, events: Iterable[Event]) -> int:
        stamp = self._ts(now())
        it = iter(events)
        n = 0
        batch = list(islice(it, BULK_BATCH))
        bulk = len(batch) == BULK_BATCH  # a big load: build the secondary indexes once at the end
        if bulk:
            self._bulk_mode(True)
            self._drop_event_indexes()
        try:
            while batch:
                rows = [self._event_row(e, 0, stamp, stamp) for e in batch]
                n += self._load_batch(rows, [e.event_id for e in batch])
                batch = list(islice(it, BULK_BATCH))
        finally:
            if bulk:
                self._ensure_event_indexes()
                self._bulk_mode(False)
        return n

    def _bulk_mode(self, on: bool) -> None:
        """Hook: backend settings for a big load (memory for sorting the index builds)."""

    def _load_batch(self, rows: list[tuple[Any, ...]], ids: list[str]) -> int:
        with self.transaction():
            self._run_many(self._UPSERT_EVENT, rows)
            self._after_events_written(ids)
        return len(rows)


def _predecessors(old: Sequence[StoredReport], new: Sequence[StoredReport]) -> dict[str, str]:
    """New report id -> the event of the old report it replaces: the same report id, else the same
    position in the article (a correction edits reports in place)."""
    by_id = {s.report_id: s.event_id for s in old if s.event_id}
    by_seq = {s.seq: s.event_id for s in old if s.event_id}
    found = {}
    for s in new:
        event_id = by_id.get(s.report_id) or by_seq.get(s.seq)
        if event_id:
            found[s.report_id] = event_id
    return found
