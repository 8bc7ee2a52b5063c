"""The extraction pipeline: cleaned articles in, events out, models loaded once per process.

`Pipeline(config)` loads the spaCy pipeline and every stage finder once. `pipe(articles)` then, per
batch of articles:

1. cleans the text (web noise out, offset map kept) and rejects articles not in a supported language;
2. asks the trigger finder which sentences may hold an event and masks every other character (newlines
   kept), so offsets in the parsed `Doc` are offsets of the cleaned text and the expensive parse runs
   only where an event can be (docs/architecture.md, "Parse only what can hold an event");
3. parses the masked texts with ``nlp.pipe`` (batched) without the entity recogniser and finds the
   triggers; the recogniser then labels only the names of trigger sentences whose reading as a place
   a label could still decide, each with a few words either side (none for an article without
   triggers);
4. runs the other stages (places, actors, dates, fatalities, claims) and assembles `Report`s;
5. turns each report into an `Event` (``fuse.event_from_reports``), dropping events below
   ``Config.min_confidence`` and events whose date cannot be known (no publication date and no absolute
   date in the text), which are reported in ``ArticleResult.notices`` instead of guessed.

`extract(text, published=...)` and `geoparse(text)` are the one-article API over a cached `Pipeline`.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache, lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any, cast

from frontwire.config import Config
from frontwire.errors import FrontwireError, InputError
from frontwire.fuse import event_from_reports
from frontwire.read.clean import clean_text
from frontwire.read.jsonl import content_id
from frontwire.read.language import detect_language
from frontwire.read.published import parse_published
from frontwire.types import Article, ArticleContext, ArticleResult, Event, PlaceMention, Report, Trigger

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import TrainablePipe
    from spacy.tokens import Doc, Span

    from frontwire.extract.place_home import OutletVotes

NO_DATE_REASON = "no publication date and no absolute date in the text; pass --published"
LABEL_CONTEXT_TOKENS = 12  # tokens either side of an undecided name the entity recogniser reads


@cache
def _freeze_loaded_once() -> None:
    """What the first pipeline loads (the model, lexicons, knowledge: some 180,000 objects) is cached
    for the life of the process; moved out of the collector's reach, full collections stop walking it
    again and again while articles are processed (a tenth of a second per hundred articles). Done
    once: garbage is collected first, so only live objects are frozen, and they are unfrozen at exit,
    so a host's extension types are finalised as usual (nanobind reports frozen ones as leaks)."""
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)


def mask_text(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with every character outside `spans` replaced by a space (newlines kept): same offsets.

    The trigger finder's spans already include the neighbouring sentences a stage may need.
    """
    parts: list[str] = []
    pos = 0
    for span_start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if end <= pos:
            continue
        start = max(span_start, pos)
        parts.append(_blank(text[pos:start]))
        parts.append(text[start:end])
        pos = end
    parts.append(_blank(text[pos:]))
    return "".join(parts)


def _blank(chunk: str) -> str:
    return "".join("\n" if ch == "\n" else " " for ch in chunk)


def label_windows(
    doc: Doc,
    sentences: Iterable[tuple[int, int]],
    names: Iterable[tuple[int, int]],
    context: int = LABEL_CONTEXT_TOKENS,
) -> set[tuple[int, int]]:
    """Character ranges of `doc` for the entity recogniser: each name inside one of the `sentences`,
    with up to `context` tokens either side that stay inside its sentence.

    The small model's recogniser reads a word through a convolution over four tokens either side and
    the entity it may have opened before, so a name's label rarely depends on words further away: on
    FA-KES, 16 of 1,822 undecided names get another label from a window of 12 tokens than from their
    whole sentence (24 with 8, 135 with 4), and the recogniser reads 28,000 tokens instead of 42,000.
    """
    ranges = sorted(sentences)
    out: set[tuple[int, int]] = set()
    for a, b in names:
        sentence = next(((s, e) for s, e in ranges if s <= a < e), None)
        if sentence is None:
            continue
        sent = doc.char_span(*sentence, alignment_mode="expand")
        name = doc.char_span(a, min(b, sentence[1]), alignment_mode="expand")
        if sent is None or name is None or not len(name):
            continue
        first = doc[max(sent.start, name.start - context)]
        last = doc[min(sent.end, name.end + context) - 1]
        out.add((first.idx, last.idx + len(last.text)))
    return out


def _entities_on(doc: Doc, labelled: Doc) -> list[Span]:
    """The entities of `labelled` (a parse of part of the same text) as spans of `doc`."""
    spans = (doc.char_span(e.start_char, e.end_char, label=e.label_) for e in labelled.ents)
    return [span for span in spans if span is not None]


def _failed(ctx: ArticleContext, exc: Exception) -> ArticleResult:
    """The rejected result of an article whose extraction raised: a known failure or a bug."""
    if isinstance(exc, FrontwireError):
        return ArticleResult(ctx.article, ctx.clean, error=f"extraction failed: {exc}")
    reason = f"internal error in extraction ({type(exc).__name__}: {exc}); please report it"
    return ArticleResult(ctx.article, ctx.clean, error=reason)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, max(1, size))):
        yield batch


def events_from_reports(
    reports: Iterable[Report], min_confidence: float = 0.0
) -> tuple[tuple[Report, ...], tuple[Event, ...], tuple[str, ...]]:
    """One event per report (kept reports, events, notices): undated reports and weak events are dropped.

    A report without a date (no publication date and no absolute date in the text) cannot make a valid
    event, and guessing today would be wrong, so it is dropped with a notice the CLI prints.
    """
    kept: list[Report] = []
    events: list[Event] = []
    undated = 0
    for report in reports:
        if report.event_date is None:
            undated += 1
            continue
        event = event_from_reports([report])
        if event.confidence < min_confidence:
            continue
        kept.append(report)
        events.append(event)
    notices = (f"{undated} event(s) dropped: {NO_DATE_REASON}",) if undated else ()
    return tuple(kept), tuple(events), notices


class Pipeline:
    """Loads the parser and the stage finders once; `pipe` runs many articles through them."""

    def __init__(self, config: Config | None = None) -> None:
        from frontwire.extract.actors import ActorFinder
        from frontwire.extract.places import PlaceFinder
        from frontwire.extract.triggers import TriggerFinder
        from frontwire.nlp import load_nlp

        self.config = config or Config()
        self.default_published = (
            parse_published(self.config.published) if self.config.published else None
        )  # ValueError on a bad --published, before any article is read
        self.nlp: Language = load_nlp(self.config.spacy_model)
        self.triggers = TriggerFinder.load(self.config)
        self.actors = ActorFinder.load(self.config)
        self.places = PlaceFinder.load(self.config)
        _freeze_loaded_once()

    # ------------------------------------------------------------------ the outlets' home regions
    def outlet_homes(self, sources: Iterable[str | None] | None = None) -> list[OutletVotes]:
        """What the geoparser has learnt of these outlets' home regions (of all when None), to carry
        to another process (`place_home`; `frontwire ingest` keeps it in the store)."""
        return self.places.homes.export(sources)

    def restore_outlet_homes(self, outlets: Iterable[OutletVotes]) -> None:
        """Replace what the geoparser knows of outlets' home regions with `outlets` (`outlet_homes`)."""
        self.places.homes.restore(outlets)

    # ------------------------------------------------------------------ preparing one article
    def _prepare(self, article: Article) -> ArticleContext | ArticleResult:
        """Clean, check language and date: the context the stages see, or the rejected result."""
        clean = clean_text(article.text)
        if not clean.text.strip():
            return ArticleResult(article, clean, error="no article text left after removing web noise")
        reason = self._language_problem(article, clean.text)
        if reason:
            return ArticleResult(article, clean, error=reason)
        published: date | None = self.default_published
        if article.published:
            try:
                published = parse_published(article.published)
            except ValueError as exc:
                return ArticleResult(article, clean, error=str(exc))
        return ArticleContext(article=article, clean=clean, published=published)

    def _language_problem(self, article: Article, text: str) -> str | None:
        accepted = self.config.languages
        wanted = "English" if accepted == ("en",) else f"in {', '.join(accepted)}"
        declared = (article.language or "").lower().split("-")[0]
        if declared and declared not in accepted:
            return f"not {wanted} (language: {declared})"
        detected = detect_language(text)
        if detected and detected not in accepted and not declared:
            return f"not {wanted} (detected: {detected})"
        return None

    # ------------------------------------------------------------------ the stages on one parse
    def _reports(self, doc: Doc, ctx: ArticleContext, triggers: list[Trigger]) -> list[Report]:
        from frontwire.extract.assemble import assemble
        from frontwire.extract.casualties import find_fatalities
        from frontwire.extract.claims import find_claims
        from frontwire.extract.dates import find_dates, story_date

        places = self.places.find(doc, ctx)
        dates = find_dates(doc, ctx)
        # places tell the country in focus; the story's day (its dateline when it has no publication
        # date) picks the name an actor had then ("Military Forces of Iraq (2020-2022)")
        actors = self.actors.find(doc, ctx, places=places, day=story_date(dates, ctx))
        claims = find_claims(doc, ctx)
        fatalities = find_fatalities(doc, ctx, claims)
        return list(
            assemble(
                ctx, doc, triggers, actors, places, dates, fatalities, claims,
                actor_finder=self.actors, place_finder=self.places, lexicon=self.triggers.lexicon,
            )
        )  # fmt: skip

    def _result(self, ctx: ArticleContext, reports: list[Report]) -> ArticleResult:
        kept, events, notices = events_from_reports(reports, self.config.min_confidence)
        return ArticleResult(ctx.article, ctx.clean, reports=kept, events=events, notices=notices)

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """One `ArticleResult` per article, in order; rejected articles carry `error` and no events."""
        for batch in _batches(articles, self.config.batch_size):
            prepared = [self._prepare(article) for article in batch]
            contexts = [item for item in prepared if isinstance(item, ArticleContext)]
            parsed = self._parse(contexts)
            for item in prepared:
                if isinstance(item, ArticleResult):
                    yield item
                elif (found := parsed.get(id(item))) is None:
                    yield ArticleResult(item.article, item.clean)
                elif isinstance(found, ArticleResult):
                    yield found
                else:
                    yield self._run_stages(*found, item)

    def _parse(self, contexts: list[ArticleContext]) -> dict[int, tuple[Doc, list[Trigger]] | ArticleResult]:
        """Per context (by id) that may hold an event: its parse and triggers (or the rejected result).

        Two passes (docs/architecture.md, "Parse only what can hold an event"): the sentences with a
        trigger word are parsed without the entity recogniser and the triggers found; the recogniser
        then runs only around the names of trigger sentences that an entity label could still make or
        unmake as a place (`PlaceFinder.label_sensitive`, `label_windows`). An article without triggers
        is never labelled.
        """
        masked = [
            (ctx, mask_text(ctx.text, spans))
            for ctx in contexts
            if (spans := self.triggers.candidate_spans(ctx.text))
        ]
        has_ner = "ner" in self.nlp.pipe_names
        docs = self.nlp.pipe(
            (text for _, text in masked),
            batch_size=self.config.batch_size,
            disable=["ner"] if has_ner else [],
        )
        out: dict[int, tuple[Doc, list[Trigger]] | ArticleResult] = {}
        to_label: list[tuple[Doc, str]] = []
        for (ctx, _), doc in zip(masked, docs, strict=True):
            try:
                triggers = self.triggers.find(doc, ctx)
            except Exception as exc:  # a bug in the trigger stage rejects only this article
                out[id(ctx)] = _failed(ctx, exc)
                continue
            out[id(ctx)] = (doc, triggers)
            if triggers and has_ner and (windows := self._to_label(doc, ctx, triggers)):
                to_label.append((doc, mask_text(ctx.text, windows)))
        if to_label:
            recogniser = cast("TrainablePipe", self.nlp.get_pipe("ner"))
            labelled = recogniser.pipe(
                (self.nlp.make_doc(text) for _, text in to_label), batch_size=self.config.batch_size
            )
            for (doc, _), ents in zip(to_label, labelled, strict=True):
                doc.set_ents(_entities_on(doc, ents), default="outside")
        return out

    def _to_label(self, doc: Doc, ctx: ArticleContext, triggers: list[Trigger]) -> set[tuple[int, int]]:
        """What the entity recogniser reads: each name of a trigger sentence whose reading as a place an
        entity label could decide, with its surroundings (`label_windows`)."""
        sentences = sorted({(t.sentence_start, t.sentence_end) for t in triggers})
        undecided = self.places.label_sensitive(ctx.text, doc, sentences)
        return label_windows(doc, sentences, undecided)

    def _run_stages(self, doc: Doc, triggers: list[Trigger], ctx: ArticleContext) -> ArticleResult:
        try:
            return self._result(ctx, self._reports(doc, ctx, triggers) if triggers else [])
        except Exception as exc:  # a bug in a stage must not lose the rest of a long batch
            return _failed(ctx, exc)

    def geoparse_pipe(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Place mentions of each article (the whole cleaned text is parsed), in ``ArticleResult.places``."""
        for batch in _batches(articles, self.config.batch_size):
            prepared = [self._prepare(a) for a in batch]
            contexts = [p for p in prepared if isinstance(p, ArticleContext)]
            docs = iter(self.nlp.pipe((c.text for c in contexts), batch_size=self.config.batch_size))
            found = iter(
                self.places.find_batch([(c.text, next(docs), c.article.source) for c in contexts])
            )  # a batch at once: an outlet's first stories get the home its later ones show
            for item in prepared:
                if isinstance(item, ArticleResult):
                    yield item
                    continue
                yield ArticleResult(item.article, item.clean, places=tuple(next(found)))


@lru_cache(maxsize=4)
def default_pipeline(config: Config | None = None) -> Pipeline:
    """A `Pipeline` per configuration, built on first use and kept for the process."""
    return Pipeline(config or Config())


def _one_article(text: str, published: str | date | None, **fields: Any) -> Article:
    if isinstance(published, date):
        published = published.isoformat()
    article_id = fields.pop("article_id", None) or content_id(text)
    return Article(id=article_id, text=text, published=published, origin=f"text:{article_id}", **fields)


def extract(
    text: str,
    published: str | date | None = None,
    config: Config | None = None,
    *,
    article_id: str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> list[Event]:
    """The events one article reports. Raises `InputError` when the article is rejected (e.g. not English).

    Events whose date cannot be known (no ``published`` and no absolute date in the text) are left out.
    """
    article = _one_article(text, published, article_id=article_id, title=title, source=source)
    result = next(default_pipeline(config or Config()).pipe([article]))
    if result.error:
        raise InputError(article.origin, result.error)
    return list(result.events)


def geoparse(
    text: str,
    published: str | date | None = None,
    config: Config | None = None,
    *,
    article_id: str | None = None,
    source: str | None = None,
) -> list[PlaceMention]:
    """The place mentions in one text, each resolved to a gazetteer place. Raises `InputError` if rejected.

    ``source`` names the outlet: the process learns its home region from its articles' sure places
    and uses it for the names a later article of the outlet leaves ambiguous (`place_home`)."""
    article = _one_article(text, published, article_id=article_id, source=source)
    result = next(default_pipeline(config or Config()).geoparse_pipe([article]))
    if result.error:
        raise InputError(article.origin, result.error)
    return list(result.places)
