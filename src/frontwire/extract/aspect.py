"""Aspect: whether a trigger's clause tells one event that happened, or a habit, a campaign still going
on, a tally of many incidents, the setting people fled, or the history of the conflict.

The trigger finder already weighs what one sentence says about its own words (negation, intention,
"previously", "regularly"); this step looks at the tense and aspect of the trigger's clause and at the
dates the dates stage found, which the trigger finder does not have. One rule holds throughout: a
clause with a day of its own ("continued to shell the town on Monday", "have also been killed on
Friday") reports an event whatever its aspect, because a coder can date it. Without one:

- a campaign that goes on: governed by "continue", "keep" ("continue to target", "kept pounding") or
  an event noun described as continuing ("under continued shelling");
- a present perfect that sums up past activity: with "also", "already", "so far" ("the group have also
  fought IS"), said by "we" (a spokesman's tally: "we have killed over 20 of their operatives"), or
  counting "hundreds" or "thousands" ("mines have killed hundreds of civilians");
- a present progressive ("the army is pressing a battle to retake the province"), or a present simple
  that is not a headline and not a reporting verb ("it determines whose planes carry out raids"), or
  the complement of one ("it determines what aircraft carried out raids"), in a sentence that names no
  day: something going on or usually done, not one dated event;
- the setting people fled ("to escape fighting", "displaced by the war");
- an event already told that frames what follows ("Monday's twin bombings came as fighters pressed
  their assault"), even with its day: it is recalled, not told again;
- the history of the conflict ("the protests became an armed uprising"), and a sentence whose days
  all lie more than a week before the story, one of them on a clause that governs the trigger ("sacked
  the governor on July 2, a day after protesters massed"): background, though the trigger has no date.

The cue words are data (`data/lexicons/cues.yaml`: `continuation`, `iterative`, `tally`, `setting`,
`history`, `reporting`, `framing`); the decisions are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token

from frontwire.extract.event_selection import BACKGROUND_DAYS, is_lead
from frontwire.extract.textspans import doc_text, title_case
from frontwire.knowledge.lexicon import Lexicon
from frontwire.types import DateMention, Trigger

CONTINUING = 0.25  # "continue to target", "under continued shelling"
SUMMED_UP = 0.3  # "have also fought", "we have killed", "have killed hundreds"
GOING_ON = 0.35  # "are pressing a battle", "carry out raids"
SETTING = 0.3  # "fled the fighting"
FRAMING = 0.3  # "the bombings came as ...": an event already told, recalled to set the scene
HISTORY = 0.2  # "became an armed uprising"; every day of the sentence weeks before the story
MIN_SCORE = 0.2  # the trigger finder's floor: weaker triggers are not events
_DAY_KINDS = frozenset({"date", "weekday", "relative"})
_PERFECT_AUX = frozenset({"has", "have", "'ve", "’ve"})
_PRESENT_BE = frozenset({"is", "are", "am", "'re", "’re", "'s", "’s"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})


def weigh_aspect(
    triggers: Sequence[Trigger],
    doc: Doc,
    dates: Sequence[DateMention],
    lexicon: Lexicon,
    story_day: date | None,
) -> list[Trigger]:
    """The triggers rescored by the aspect of their clause; those left below `MIN_SCORE` are dropped."""
    out: list[Trigger] = []
    for trig in triggers:
        weight = aspect_weight(trig, doc, dates, lexicon, story_day)
        if weight == 1.0:
            out.append(trig)
        elif trig.score * weight >= MIN_SCORE:
            out.append(replace(trig, score=round(trig.score * weight, 4)))
    return out


def aspect_weight(
    trig: Trigger, doc: Doc, dates: Sequence[DateMention], lexicon: Lexicon, story_day: date | None
) -> float:
    """How much the clause's aspect lowers the trigger's score (1.0: it tells one event)."""
    span = doc.char_span(trig.start, trig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 1.0
    token = span.root
    chain = _governors(token)
    clause = _own_clause(chain)
    if _framing(token, lexicon):  # "Monday's bombings came as ...": dated or not, told before
        return FRAMING
    days = _sentence_days(trig, dates)
    if any(_attached_to(doc, d.start, d.end, clause) for d in days):
        return 1.0
    text = doc_text(doc)
    if lexicon.cue("history").present(text, trig.sentence_start, trig.sentence_end):
        return HISTORY
    governing = [d for d in days if _attached_to(doc, d.start, d.end, chain)]
    if story_day is not None and governing and all((story_day - d.date).days > BACKGROUND_DAYS for d in days):
        return HISTORY
    if _continuing(token, chain, lexicon):
        return CONTINUING
    verb = _finite(clause[-1], chain)
    if _summed_up(verb, doc, clause, lexicon):
        return SUMMED_UP
    if not days and not _lead(trig, text) and (_going_on(verb, lexicon) or _in_generic(verb, lexicon)):
        return GOING_ON
    if _setting(token, lexicon):
        return SETTING
    return 1.0


def _governors(token: Token) -> list[Token]:
    """The token and its heads up to the sentence root."""
    chain = [token]
    cur = token
    while cur.head.i != cur.i and len(chain) < 12:
        cur = cur.head
        chain.append(cur)
    return chain


def _own_clause(chain: list[Token]) -> list[Token]:
    """The trigger and the words above it up to and including the verb of its clause (the last item;
    the trigger itself when no verb governs it)."""
    out: list[Token] = []
    for tok in chain:
        out.append(tok)
        if tok.pos_ in {"VERB", "AUX"}:
            break
    return out


def _sentence_days(trig: Trigger, dates: Sequence[DateMention]) -> list[DateMention]:
    return [d for d in dates if d.kind in _DAY_KINDS and trig.sentence_start <= d.start < trig.sentence_end]


def _attached_to(doc: Doc, start: int, end: int, clause: list[Token]) -> bool:
    """The words at ``start:end`` modify a word of the trigger's own clause, not another clause."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    targets = {t.i for t in clause}
    tok = span.root
    for _ in range(5):
        if tok.i in targets:
            return True
        if tok.pos_ in {"VERB", "AUX"} or tok.head.i == tok.i:
            return False
        tok = tok.head
    return tok.i in targets


def _continuing(token: Token, chain: list[Token], lexicon: Lexicon) -> bool:
    """ "continue to target", "kept pounding" (a governing verb), "under continued shelling" (a modifier)."""
    cue = lexicon.cue("continuation")
    if any(t.lemma_.lower() in cue.lemmas for t in chain[1:6] if t.pos_ in {"VERB", "AUX"}):
        return True
    return any(
        c.dep_ in {"amod", "compound", "advmod"} and cue.present(c.text.lower()) for c in token.children
    )


def _summed_up(verb: Token, doc: Doc, clause: list[Token], lexicon: Lexicon) -> bool:
    """A present perfect that sums up activity: "have also fought", "we have killed", "have killed
    hundreds of civilians"."""
    if verb.tag_ != "VBN" or not any(c.dep_ == "aux" and c.lower_ in _PERFECT_AUX for c in verb.children):
        return False
    iterative = lexicon.cue("iterative")
    if any(c.dep_ == "advmod" and c.lemma_.lower() in iterative.lemmas for c in verb.children):
        return True
    sent = verb.sent
    if any(
        _attached_to(doc, s, e, [verb])
        for s, e in iterative.spans(doc_text(doc), sent.start_char, sent.end_char)
    ):
        return True
    if any(c.dep_ == "nsubj" and c.lower_ == "we" for c in verb.children):
        return True
    tally = lexicon.cue("tally")
    return any(
        _in_object(doc, s, e, verb) for s, e in tally.spans(doc_text(doc), sent.start_char, sent.end_char)
    )


def _in_object(doc: Doc, start: int, end: int, verb: Token) -> bool:
    """The words at ``start:end`` are (in) the verb's direct object."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj")]  # "have killed and wounded hundreds"
    return any(
        c.dep_ == "dobj" and span.root.i in {t.i for t in c.subtree} for v in verbs for c in v.children
    )


def _finite(verb: Token, chain: list[Token]) -> Token:
    """A bare participle ("an alliance also fighting IS", "the town shelled by ...") has no tense of its
    own: it takes the aspect of the clause it hangs from."""
    bare = not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    if verb.dep_ not in {"acl", "amod", "advcl"} or verb.tag_ not in {"VBG", "VBN"} or not bare:
        return verb
    above = chain[chain.index(verb) + 1 :] if verb in chain else []
    return next((t for t in above if t.pos_ in {"VERB", "AUX"}), verb)


def _going_on(verb: Token, lexicon: Lexicon) -> bool:
    """A present progressive ("is pressing", "has been providing", "are being shelled") or a present
    simple that is not a reporting verb ("carry out raids"): what goes on or is usually done."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if verb.tag_ == "VBG" and auxes & (_PRESENT_BE | _PERFECT_AUX):
        return True
    if verb.tag_ == "VBN" and "being" in auxes and auxes & _PRESENT_BE:
        return True
    return (
        verb.pos_ == "VERB"
        and verb.tag_ in _PRESENT_TAGS
        and not auxes
        and verb.lemma_.lower() not in lexicon.cue("reporting").lemmas
    )


def _in_generic(verb: Token, lexicon: Lexicon) -> bool:
    """The clause is the complement of a present-tense statement of habit or method ("it determines
    what aircraft carried out raids"); a reporting verb ("activists say jets struck") or a framing one
    ("the attack comes two days after jets hit a convoy") reports, it does not generalise."""
    head = verb.head
    if verb.dep_ not in {"ccomp", "xcomp"} or head.i == verb.i:
        return False
    if head.lemma_.lower() in lexicon.cue("reporting").lemmas | lexicon.cue("framing").lemmas:
        return False
    return _going_on(head, lexicon)


def _setting(token: Token, lexicon: Lexicon) -> bool:
    """The event noun is what people fled or were displaced by: "to escape fighting", "fled the war"."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    lemmas = lexicon.cue("setting").lemmas
    head = token.head
    if token.dep_ == "dobj" and head.lemma_.lower() in lemmas:
        return True
    return token.dep_ == "pobj" and head.head.lemma_.lower() in lemmas  # "displaced by", "fled from"


def _framing(token: Token, lexicon: Lexicon) -> bool:
    """The event noun is the subject of a framing verb ("Monday's bombings came as fighters pressed
    their assault", "the attack comes two days after ..."): an event already told, recalled to set
    the scene for what follows."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    head = token
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    verb = head.head
    return (
        head.dep_ == "nsubj"
        and verb.lemma_.lower() in lexicon.cue("framing").lemmas
        and any(c.dep_ in {"advcl", "ccomp", "prep", "npadvmod"} for c in verb.children)
    )


def _lead(trig: Trigger, text: str) -> bool:
    """The headline or lead, which may speak in the present tense ("Air strikes kill 11 in Idlib"), or
    a title-case line (a link to another story)."""
    return is_lead(trig, text) or title_case(text[trig.sentence_start : trig.sentence_end])
