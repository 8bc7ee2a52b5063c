"""When an event happened: date expressions in the article, resolved against the story's own date.

`find_dates` reads the whole cleaned text (not only the parsed sentences) with rules, because the date
that anchors a story is often in a dateline ("DAMASCUS, Sept 28 (Reuters) -", "28 September 2016 ...")
outside any event sentence. Relative expressions ("yesterday", "on Thursday", "last week") resolve
against that dateline when there is one, else against the publication date; with neither they are left
out rather than resolved against today. `date_for` picks one date per event trigger: the expression
its sentence attaches to it, else one the article established before, else the story's date.

Time precision follows ACLED: 1 a day, 2 a week or similar, 3 a month. Periods are coded to their
middle day, never after the story's date; "since the start of the week" to its first day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc, Token

from frontwire.extract.counts import casualty_lexicon
from frontwire.extract.textspans import phrase_regex, sentences_of, token_at, tree_distance, trigger_sentence
from frontwire.knowledge.lexicon import read_lexicon_file
from frontwire.types import ArticleContext, DateMention, Trigger

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_SMALL = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3, "several": 3,
}  # fmt: skip

_MON = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
)
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few|several)"

# (kind, regex). Order matters only for equal-length overlaps: earlier wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<day>[0-3]?\d)\b")),
    (
        "numeric",
        re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)[./-](?P<b>[01]?\d)[./-](?P<year>(?:19|20)\d\d)(?!\d)"),
    ),
    # "Jun 132016": day and year glued together by a scraper
    ("md", re.compile(rf"\b{_MON}\s+(?P<day>[0-3]\d)(?P<year>(?:19|20)\d\d)\b", re.I)),
    (
        "night",
        re.compile(
            rf"\b(?:the\s+)?night\s+of\s+{_DAY}\s*(?:to|-|–|and|/)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
            rf"\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?",
            re.I,
        ),
    ),
    (
        "range_dm",
        re.compile(
            rf"\b(?:between\s+|from\s+)?{_DAY}\s*(?:to|-|–|and|until)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
            rf"\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?(?![\w-])",
            re.I,
        ),
    ),
    (
        "range_md",
        re.compile(
            rf"\b(?:between\s+|from\s+)?{_MON}\s+{_DAY}\s*(?:to|-|–|and|until)\s*(?P<day2>[0-3]?\d)(?!\d)"
            rf"(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?",
            re.I,
        ),
    ),
    ("dm", re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MON}(?:,?\s+{_YEAR})?(?![\w-])", re.I)),
    ("md", re.compile(rf"\b{_MON}\s+{_DAY}(?!\d)(?![.,]\d)(?:,?\s+{_YEAR})?(?![\w-])", re.I)),
    ("month_year", re.compile(rf"\b(?:(?:early|mid|late)[\s-]+)?{_MON}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    (
        "month",
        re.compile(
            rf"\b(?P<prep>in|during|since|until|by|throughout|early|mid|late|last|this|earlier\s+this)"
            rf"[\s-]+(?:early\s+|mid-?|late\s+)?{_MON}(?![\w-])(?!\s+\d)",
            re.I,
        ),
    ),
    ("year", re.compile(rf"\b(?:in|since|during|by|until|of|early|mid-?|late|throughout)\s+{_YEAR}\b", re.I)),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<rel>last|this|past)\s+)?{_WD}(?:'s)?(?![\w-])"
            rf"(?!,?\s+(?:the\s+)?\d|,?\s+(?:january|february|march|april|may|june|july|august|september|"
            rf"october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b)",
            re.I,
        ),
    ),
    (
        "rel_day",
        re.compile(
            r"\b(?P<rd>the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|this\s+morning"
            r"|this\s+afternoon|this\s+evening|earlier\s+today|early\s+today)\b",
            re.I,
        ),
    ),
    ("ago", re.compile(rf"\b{_NUM}\s+(?P<unit>days?|weeks?|months?)\s+ago\b", re.I)),
    (
        "period",
        re.compile(
            r"\b(?P<per>since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+week|since\s+the\s+"
            r"(?:start|beginning)\s+of\s+(?:the|this)\s+month|earlier\s+(?:this|in\s+the)\s+week|this\s+week"
            r"|last\s+week|the\s+(?:past|previous|last)\s+week|(?:over|in|during)\s+the\s+(?:past|last)\s+"
            r"(?:few|several|two|three|four|five|\d)\s+days|(?:over|in|during)\s+the\s+(?:past|last)\s+(?:24|48)\s+hours"
            r"|in\s+recent\s+days|(?:over|at|during)\s+the\s+weekend"
            r"|last\s+weekend|this\s+weekend|last\s+month|earlier\s+this\s+month|this\s+month"
            r"|(?:last|this)\s+year)\b",
            re.I,
        ),
    ),
]
_PREP_BEFORE = re.compile(
    r"(?:\b(?:on|since|until|till|by|of|from|in|before|after|between|to|early|late|and|night)\s*|[,;]\s*)$",
    re.I,
)
_DATELINE_CUE = re.compile(
    r"\b(?:posted|published|updated|last\s+updated|publication|dated)\s+(?:on|at)?\s*$", re.I
)
_AGENCY_AFTER = re.compile(r"^\s*(?:\(|/|-|–|—|\|)", re.I)
_DATELINE_WINDOW = 220
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|told|reported|announced|added|stated|confirmed|claimed)\s+(?:on\s+)?$", re.I
)
_REPORT_LAG_DAYS = 2


def find_dates(doc: Doc | None, ctx: ArticleContext) -> list[DateMention]:
    """Every resolvable date expression of the article, in text order, with the dateline marked.

    Reads ``ctx.text`` (the whole cleaned article); ``doc`` is not needed and may be ``None``.
    """
    text = ctx.text
    raw = _scan(text)
    dateline = _dateline(raw, text, ctx.published)
    anchor = _anchor(dateline, ctx.published)
    out: list[DateMention] = []
    limit = ctx.published or anchor
    for kind, m in raw:
        if dateline is not None and m.start() == dateline.start:
            out.append(dateline)
            continue
        mention = _resolve(kind, m, anchor, limit)
        if mention is not None:
            out.append(mention)
    return out


def story_date(dates: Iterable[DateMention], ctx: ArticleContext) -> date | None:
    """The date the story speaks from: its dateline if it has one, else its publication date."""
    for d in dates:
        if d.kind == "dateline":
            return _anchor(d, ctx.published)
    return ctx.published


def is_background(mention: DateMention, anchor: date | None, *, max_days: int = 62) -> bool:
    """Whether a date points to history, not to the news: a bare year before the story's year
    ("in 2014"), or any date more than ``max_days`` before the story's date."""
    if anchor is None:
        return mention.kind == "year"
    if mention.kind == "year":
        return mention.date.year < anchor.year
    return (anchor - mention.date).days > max_days


def date_for(
    trigger: Trigger, dates: list[DateMention], doc: Doc | None, ctx: ArticleContext
) -> tuple[date | None, int, DateMention | None]:
    """The event's date, its time precision and the date expression that says so.

    In order: the date expression the trigger's sentence attaches to the trigger (by the dependency
    tree when parsed, else the nearest), unless it only dates a report ("a monitor said on Friday");
    a day in the two sentences before; for a report date, a day in the next sentence no later than it
    ("... said on Friday. The air force conducted 60 strikes on Thursday."), else the report date
    itself; a day in the article's lead; the story's date (precision 2: the text does not say the
    day). Never a date after the story's date; ``(None, 1, None)`` when the article has neither a date
    nor a publication date.
    """
    anchor = story_date(dates, ctx)
    text = ctx.text
    own = event_dates_for(trigger, dates, doc, ctx)
    if own and not _report_date(own[0][2], doc, text):
        return own[0]
    sents = sentences_of(text)
    i = sents.index(trigger.start)
    for j in (i - 1, i - 2):
        if j < 0:
            break
        near = _inheritable(dates, sents.spans[j], anchor, doc, text)
        if near:
            best = near[-1]
            return best.date, best.time_precision, best
    if own:
        reported = own[0][2]
        if 0 <= i + 1 < len(sents):
            after = [
                d
                for d in _inheritable(dates, sents.spans[i + 1], anchor, doc, text)
                if d.time_precision == 1 and 0 <= (reported.date - d.date).days <= _REPORT_LAG_DAYS
            ]
            if after:
                return after[0].date, after[0].time_precision, after[0]
        return own[0]
    lead_end = sents.spans[min(1, len(sents) - 1)][1] if len(sents) else 0
    # a headline (the first sentence) tells the lead's event: it takes the day the lead gives, unless
    # the lead tells another incident ("... were also killed yesterday")
    retold = i == 0 and len(sents) > 1 and not _other_event_cues().search(text, *sents.spans[1])
    lead = [
        d
        for d in _inheritable(dates, (0, lead_end), anchor, doc, text)
        if d.start < trigger.start or (retold and d.time_precision == 1)
    ]
    if lead:
        return lead[0].date, lead[0].time_precision, lead[0]
    for d in dates:
        if d.kind == "dateline":
            return d.date, 2, d
    if anchor is not None:
        return anchor, 2, None
    return None, 1, None


@cache
def _other_event_cues() -> re.Pattern[str]:
    return phrase_regex(read_lexicon_file("dates")["other_event_cues"])


def event_dates_for(
    trigger: Trigger, dates: list[DateMention], doc: Doc | None, ctx: ArticleContext
) -> list[tuple[date, int, DateMention]]:
    """All usable dates in the trigger's own sentence, best attached first, dates of a report last
    ("on July 2 and July 3" gives two, so the assembler can make one report per day)."""
    anchor = story_date(dates, ctx)
    s_start, s_end = trigger_sentence(trigger.start, trigger.sentence_start, trigger.sentence_end, ctx.text)
    usable = [d for d in dates if s_start <= d.start < s_end and _usable(d, anchor)]
    if not usable:
        return [(d.date, d.time_precision, d) for d in _victims_days(s_end, dates, doc, ctx.text, anchor)]
    trig_tok = token_at(doc, trigger.start, trigger.end)

    def rank(d: DateMention) -> tuple[bool, int, int]:
        dist = tree_distance(trig_tok, token_at(doc, d.start, d.end))
        return (_report_date(d, doc, ctx.text), dist, abs(d.start - trigger.start))

    usable.sort(key=rank)
    return [(d.date, d.time_precision, d) for d in usable]


def _victims_days(
    end: int, dates: list[DateMention], doc: Doc | None, text: str, anchor: date | None
) -> list[DateMention]:
    """The days of the next sentence when it only goes on about the event's victims: its casualty
    verb's subject is a bare number or pronoun ("Two women were stoned. One was killed on Friday and
    one on Saturday.", "They died on Monday")."""
    sents = sentences_of(text)
    i = sents.index(max(0, end - 1)) + 1
    if doc is None or i >= len(sents):
        return []
    s, e = sents.spans[i]
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return []
    killed = casualty_lexicon().killed
    for verb in span:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in killed:
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and all(c.pos_ in ("NUM", "PRON") and not list(c.children) for c in subjects):
            return [d for d in _inheritable(dates, (s, e), anchor, doc, text) if d.time_precision == 1]
    return []


_GAPPED_COUNT = re.compile(
    rf"^\s*,?\s*and\s+(?:the\s+other|another|{_NUM})(?:\s+\w+)?\s+(?:on|in|at|during)?\s*(?:the\s+)?$",
    re.I,
)


def gapped_days(first: DateMention, others: list[DateMention], text: str) -> list[DateMention]:
    """Days that share the first one's verb with another count ("One was killed on Friday and one on
    Saturday", "three died on Monday and two on Tuesday"): one event per day."""
    out: list[DateMention] = []
    last = first
    for d in sorted(others, key=lambda m: m.start):
        if d.start > last.end and _GAPPED_COUNT.match(text[last.end : d.start]):
            out.append(d)
            last = d
    return out


def _inheritable(
    dates: list[DateMention], span: tuple[int, int], anchor: date | None, doc: Doc | None, text: str
) -> list[DateMention]:
    """Dates of another sentence an event may take: days and weeks of the news, not months, history
    or the date of a report."""
    s, e = span
    return [
        d
        for d in dates
        if s <= d.start < e
        and _usable(d, anchor)
        and d.time_precision <= 2
        and not (anchor is not None and is_background(d, anchor))
        and not _report_date(d, doc, text)
    ]


def _report_date(d: DateMention, doc: Doc | None, text: str) -> bool:
    """Whether the date only says when something was reported ("a monitor said on Friday")."""
    if _REPORTED_BEFORE.search(text[max(0, d.start - 30) : d.start]):
        return True
    day = token_at(doc, d.start, d.end)
    tok = day
    for _ in range(3):
        if tok is None or tok.head is tok:
            return False
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok.lemma_.lower() in _report_verbs() and not _ends_reported_clause(day, tok)
    return False


def _ends_reported_clause(day: Token | None, verb: Token) -> bool:
    """ "Jets killed ten people Saturday the monitor said": a day between the reported clause and the
    reporting verb's subject closes the reported clause (the parser hangs it on "said")."""
    if day is None or not day.i < verb.i:
        return False
    reported = [c for c in verb.children if c.dep_ == "ccomp" and c.i < day.i]
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not reported or not subjects or not all(day.i < c.left_edge.i for c in subjects):
        return False
    gap = day.doc[reported[-1].right_edge.i + 1 : day.left_edge.i]
    return all(t.is_punct for t in gap)


def _usable(d: DateMention, anchor: date | None) -> bool:
    if d.kind in ("dateline", "year"):
        return False
    return anchor is None or d.date <= anchor


def _scan(text: str) -> list[tuple[str, re.Match[str]]]:
    """All pattern matches, overlaps resolved: the longest span wins, then the earlier pattern."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for order, (kind, rx) in enumerate(_PATTERNS):
        for m in rx.finditer(text):
            found.append((-(m.end() - m.start()), order, kind, m))
    found.sort(key=lambda x: (x[0], x[1], x[3].start()))
    out: list[tuple[str, re.Match[str]]] = []
    for _neg, _order, kind, m in found:
        if any(m.start() < o.end() and o.start() < m.end() for _, o in out):
            continue
        out.append((kind, m))
    out.sort(key=lambda km: km[1].start())
    return out


def _dateline(raw: list[tuple[str, re.Match[str]]], text: str, published: date | None) -> DateMention | None:
    """The story's own date at the top: a full calendar date not introduced by a preposition."""
    for kind, m in raw:
        if m.start() > _DATELINE_WINDOW:
            return None
        if kind not in ("iso", "numeric", "dm", "md"):
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        if (
            _PREP_BEFORE.search(before[-12:])
            and not re.search(r"[A-Z]{3,},\s*$", before)
            and not _DATELINE_CUE.search(before)
        ):
            continue
        has_year = m.groupdict().get("year") is not None
        if not has_year and not _AGENCY_AFTER.match(text[m.end() : m.end() + 4]):
            continue
        d = _calendar(kind, m, published)
        if d is None:
            continue
        return DateMention(m.start(), m.end(), m.group(0), d, 1, "dateline")
    return None


def _anchor(dateline: DateMention | None, published: date | None) -> date | None:
    if dateline is None:
        return published
    if published is None or dateline.date <= published + timedelta(days=1):
        return dateline.date
    return published


def _calendar(kind: str, m: re.Match[str], anchor: date | None) -> date | None:
    """A calendar day from an explicit date; a day-month without year is the latest one not after
    ``anchor`` (unresolvable without one)."""
    g = m.groupdict()
    try:
        if kind == "iso":
            return date(int(g["year"]), int(g["m"]), int(g["day"]))
        if kind == "numeric":
            a, b, y = int(g["a"]), int(g["b"]), int(g["year"])
            if a > 12:
                return date(y, b, a)
            if b > 12:
                return date(y, a, b)
            sep = m.group(0)[len(g["a"])]
            return date(y, a, b) if sep == "/" else date(y, b, a)
        month = _month(g["mon"])
        day = int(g["day"])
        if g.get("year"):
            return date(int(g["year"]), month, day)
        if anchor is None:
            return None
        d = date(anchor.year, month, day)
        if d > anchor:
            d = date(anchor.year - 1, month, day)
        return d
    except (ValueError, KeyError):
        return None


def _resolve(kind: str, m: re.Match[str], anchor: date | None, limit: date | None) -> DateMention | None:
    g = m.groupdict()
    text = m.group(0)

    def mk(d: date | None, precision: int, k: str) -> DateMention | None:
        if d is None:
            return None
        return DateMention(m.start(), m.end(), text, d, precision, k)

    if kind in ("iso", "numeric", "dm", "md"):
        return mk(_calendar(kind, m, limit), 1, "date")
    if kind in ("night", "range_dm", "range_md"):
        first = _calendar("dm", m, limit)
        if first is None:
            return None
        span_days = int(g["day2"]) - first.day
        if kind == "night" or span_days == 1:
            return mk(first, 1, "date")
        return mk(first, 2 if 0 < span_days <= 7 else 3, "period")
    if kind == "month_year":
        month, year = _month(g["mon"]), int(g["year"])
        return mk(_month_day(year, month, anchor), 3, "month")
    if kind == "month":
        if anchor is None:
            return None
        month = _month(g["mon"])
        prep = g["prep"].lower()
        year = anchor.year if month <= anchor.month else anchor.year - 1
        if prep == "last" and month >= anchor.month:
            year = anchor.year - 1
        if g["mon"].lower() == "may" and prep in ("by", "until"):
            return None  # "by may" is nearly always the modal verb
        return mk(_month_day(year, month, anchor), 3, "month")
    if kind == "year":
        return mk(date(int(g["year"]), 1, 1), 3, "year")
    if anchor is None:
        return None
    if kind == "weekday":
        wd = _WEEKDAYS[g["wd"].lower()]
        back = (anchor.weekday() - wd) % 7
        if back == 0 and (g.get("rel") or "").lower() in ("last", "past"):
            back = 7
        return mk(anchor - timedelta(days=back), 1, "weekday")
    if kind == "rel_day":
        rd = " ".join(g["rd"].lower().split())
        back = 2 if rd.startswith("the day before") else 1 if rd in ("yesterday", "last night") else 0
        return mk(anchor - timedelta(days=back), 1, "relative")
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else _SMALL[" ".join(g["n"].lower().split())]
        unit = g["unit"].lower().rstrip("s")
        if unit == "day":
            return mk(anchor - timedelta(days=n), 1, "relative")
        if unit == "week":
            return mk(anchor - timedelta(days=7 * n), 2, "relative")
        return mk(_months_back(anchor, n), 3, "relative")
    if kind == "period":
        return _period(" ".join(g["per"].lower().split()), anchor, mk)
    return None


def _period(per: str, anchor: date, mk: Callable[[date, int, str], DateMention | None]) -> DateMention | None:
    monday = anchor - timedelta(days=anchor.weekday())
    if per.startswith("since the") and per.endswith("week"):
        return mk(monday, 2, "period")
    if per.startswith("since the") and per.endswith("month"):
        return mk(anchor.replace(day=1), 3, "period")
    if per == "this week":  # a week still running names no day: the story's own date
        return mk(anchor, 2, "period")
    if per in ("earlier this week", "earlier in the week"):
        return mk(monday + (anchor - monday) / 2, 2, "period")
    if per == "last week":
        return mk(monday - timedelta(days=4), 2, "period")
    if "weekend" in per:
        back = (anchor.weekday() - 5) % 7
        if per.startswith("last") and back < 2:
            back += 7
        return mk(anchor - timedelta(days=back), 2, "period")
    if "hours" in per:
        return mk(anchor - timedelta(days=1), 2, "period")
    if "days" in per:  # "in recent days" is "the past few days": three days ending at the story's date
        word = per.split()[-2]
        n = int(word) if word.isdigit() else _SMALL.get(word, 3)
        return mk(anchor - timedelta(days=max(1, (n + 1) // 2)), 2, "period")
    if "week" in per:
        return mk(anchor - timedelta(days=3), 2, "period")
    if per == "last month":
        prev = anchor.replace(day=1) - timedelta(days=1)
        return mk(prev.replace(day=15), 3, "month")
    if "month" in per:
        return mk(anchor.replace(day=min(15, anchor.day)), 3, "month")
    if per == "last year":
        return mk(date(anchor.year - 1, 1, 1), 3, "year")
    if per == "this year":
        return mk(date(anchor.year, 1, 1), 3, "year")
    return None


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _month_day(year: int, month: int, anchor: date | None) -> date:
    """A month is coded to its 15th (ACLED's middle of the period), or to the story's date if earlier."""
    d = date(year, month, 15)
    if anchor is not None and d > anchor and (anchor.year, anchor.month) == (year, month):
        return anchor
    return d


def _months_back(anchor: date, n: int) -> date:
    y, mth = anchor.year, anchor.month - n
    while mth <= 0:
        mth += 12
        y -= 1
    return date(y, mth, 15)


@cache
def _report_verbs() -> frozenset[str]:
    return frozenset(str(v) for v in read_lexicon_file("dates")["report_verbs"])
