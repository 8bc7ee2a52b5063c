"""Event triggers: which sentences report an event, and of which ACLED sub-event type.

Two passes. `candidate_spans` runs one compiled regex of trigger words over the raw cleaned text so the
pipeline parses only sentences that can hold an event. `find` then looks at each parsed sentence: the
lexicon features present (air, artillery, protest, crowd_control, ...) are turned into typed candidates by
the decision rules in `frontwire.extract.event_rules` (specific evidence before generic: a "suicide bomber"
is a suicide bomb even though it also says "attack"), and each candidate is weighed by its context in the
dependency tree (negated, intended or threatened, background, generic, attribution only). The words are
data (`data/lexicons/*.yaml`); the decisions are code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from frontwire.config import Config
from frontwire.extract.event_rules import Candidate, Hits, type_sentence
from frontwire.extract.protest_rules import PROTEST_FAMILY, protest_words
from frontwire.extract.textspans import doc_text, title_case, token_at
from frontwire.knowledge.lexicon import Lexicon, Starts, load_lexicon
from frontwire.taxonomy import event_type_of
from frontwire.types import ArticleContext, Trigger

# Sentence boundaries for the cheap pass: end punctuation then space and a likely sentence start, or a
# line break. Over-splitting is harmless (the pipeline adds neighbours); under-splitting parses more.
_SENT_BREAK = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_SETTING = frozenset({"under", "despite", "within", "since", "during", "amid", "per"})
_CLAUSES = frozenset({"advcl", "ccomp", "relcl", "acl", "xcomp", "csubj", "parataxis", "appos"})
_ACHIEVED = frozenset({"manage", "succeed", "continue", "begin", "start", "go", "proceed", "resume", "agree"})
_SPANS_OF_TIME = frozenset({"year", "decade", "month", "week", "day"})
_TOPICS = frozenset({"disaster", "health"})  # out-of-scope cues that say what a whole sentence is about
# A crowd protesting over crime, an accident, a disaster or a law is a protest all the same: those
# out-of-scope cues do not weaken a protest named as one (PROTEST_FAMILY; diplomacy and courts still do).
_NOT_AGAINST_PROTESTS = frozenset({"disaster", "health", "accident", "crime", "policy"})
_MODALS = frozenset({"will", "would", "could", "may", "might", "should", "must", "shall", "can", "'ll"})

# Context weights: how much a cue lowers a trigger's score (1.0 = no effect).
NEGATED = 0.1
HYPOTHETICAL = 0.15
ATTRIBUTION_ONLY = 0.2
BACKGROUND = 0.2
GENERIC = 0.75
GENERIC_ATTACHED = 0.2
QUESTION = 0.3
OUT_OF_SCOPE = 0.25  # disaster, accident, ordinary crime, diplomacy, lawmaking words around a weak trigger
# Out-of-scope cues that weaken even specific triggers of the listed types.
OUT_OF_SCOPE_STRONG = 0.2
BACKGROUND_NEARBY = 0.3  # an old year elsewhere in the sentence ("protests, which erupted in 2011")
DESCRIPTION = 0.3  # a participle describing a noun: "the terrorists deployed in the college"
SUBORDINATE = 0.7  # inside a relative clause: "the group, which carried out a shelling ..."
DURATIVE = 0.2  # "has been fighting the government since 2011": a state of affairs, not an event
NAME_PART = 0.1  # the word is part of a name: "Liberated Province of Aleppo", "Martyrs Brigade"
SURVEY = 0.2  # a report or study summing up many events ("a rights group says in a report ...")
TARGETED_THING = 0.2  # the weapon or deal is what was hit or ended: "artillery systems were destroyed"
ALLEGED = 0.35  # what someone is accused or arrested for ("accusing them of kidnapping"): another event leads
# Verbs whose object is a thing acted on, not an event: "destroyed three artillery systems", "seized
# rockets", "ended the truce".
_ACTED_ON = frozenset(
    {
        "destroy",
        "seize",
        "capture",
        "confiscate",
        "find",
        "discover",
        "dismantle",
        "damage",
        "end",
        "violate",
        "break",
        "undermine",
        "collapse",
        "scrap",
        "abandon",
        "breach",
    }
)
_SCOPE_STRONG = {
    "disaster": None,  # every type
    "diplo": None,
    # a trial judges violence after the fact; riots and protests over a verdict are events of their own
    "court": frozenset(
        {
            "Attack",
            "Armed clash",
            "Sexual violence",
            "Abduction/forced disappearance",
            "Remote explosive/landmine/IED",
            "Suicide bomb",
            "Grenade",
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Chemical weapon",
            "Looting/property destruction",
            "Arrests",
        }
    ),
    "accident": frozenset({"Remote explosive/landmine/IED", "Grenade", "Looting/property destruction"}),
    "crime": frozenset(
        {
            "Arrests",
            "Grenade",
            "Attack",
            "Armed clash",  # a shootout between police and robbers or a gang
            "Abduction/forced disappearance",
            "Looting/property destruction",
        }
    ),
}

# Cues that weaken only the types listed in _SCOPE_STRONG: a protest outside a trial is a protest.
_JUDGED_ONLY = frozenset({"court"})

# Only taking or denying responsibility makes an event mention an attribution; accusations (of rape, of
# a massacre) and condemnations are how many real events are first reported, so they are not here.
_ALLEGATION_PREPS = frozenset({"of", "for", "with", "over", "on"})
_GRIEVANCE_PREPS = frozenset({"against", "over", "about"})


@dataclass(frozen=True)
class TriggerFinder:
    """Finds typed event mentions; build once with `load` and reuse for every article."""

    lexicon: Lexicon
    min_score: float = 0.2

    @classmethod
    def load(cls, config: Config | None = None) -> TriggerFinder:
        config = config or Config()
        return cls(lexicon=load_lexicon(config.extra_lexicon_files))

    # ---- cheap pass, before parsing ---------------------------------------------------------------
    def candidate_spans(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of the sentences of ``text`` that contain any event trigger word."""
        spans: list[tuple[int, int]] = []
        start = 0
        for m in _SENT_BREAK.finditer(text):
            if m.start() > start:
                self._keep(text, start, m.start(), spans)
            start = m.end()
        if start < len(text):
            self._keep(text, start, len(text), spans)
        return spans

    def _keep(self, text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
        lex = self.lexicon
        if lex.event_search(text, start, end, lex.starts_in(text, start, end)):
            spans.append((start, end))

    # ---- typed triggers over the parse -------------------------------------------------------------
    def find(self, doc: Doc, ctx: ArticleContext | None = None) -> list[Trigger]:
        """Typed event mentions in ``doc``, best first within each sentence; non-events are dropped."""
        published_year = ctx.published.year if ctx is not None and ctx.published else None
        triggers: list[Trigger] = []
        text = doc_text(doc)
        for k, (sent, s0, s1) in enumerate(_segments(doc)):
            found = self.lexicon.starts_in(text, s0, s1)
            if not self.lexicon.event_search(text, s0, s1, found):
                continue
            if k > 0 and title_case(text[s0:s1]):  # a link to another story, a tag list
                continue
            hits = self.sentence_hits(text, s0, s1, found)
            scored = [
                (cand, cand.score * self._context_weight(cand, hits, doc, sent, published_year))
                for cand in type_sentence(hits, doc, sent, self.lexicon)
            ]
            for cand, score in scored:
                if score < self.min_score:
                    continue
                start, end = cand.span
                triggers.append(
                    Trigger(
                        start=start,
                        end=end,
                        text=text[start:end],
                        sub_event_type=cand.sub_event_type,
                        event_type=event_type_of(cand.sub_event_type),
                        score=round(min(score, 1.0), 4),
                        sentence_start=s0,
                        sentence_end=s1,
                    )
                )
        return triggers

    def sentence_hits(self, text: str, start: int, end: int, literals: Starts | None = None) -> Hits:
        """Every feature and cue found in ``text[start:end]``; a hit inside a longer hit of another
        feature that shadows is dropped ("riot" inside "riot police", "bombers" inside "suicide bombers").

        ``literals`` (`Lexicon.starts_in` of the same range, computed here when not given) lets the
        features and cues that cannot occur skip their regex: the hits are the same, only faster.
        """
        if literals is None:
            literals = self.lexicon.starts_in(text, start, end)
        found: dict[str, list[tuple[int, int]]] = {}
        for name, feat in self.lexicon.features.items():
            if not feat.possible(literals):
                continue
            spans = feat.spans(text, start, end, literals)
            if spans:
                found[name] = spans
        feats = self.lexicon.features
        all_spans = [(s, e, n) for n, spans in found.items() if feats[n].shadows for s, e in spans]
        kept: dict[str, list[tuple[int, int]]] = {}
        for name, spans in found.items():
            for s, e in spans:
                inside = any(
                    n != name and s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, n in all_spans
                )
                if not inside:
                    kept.setdefault(name, []).append((s, e))
        cues = {
            name
            for name, cue in self.lexicon.cues.items()
            if cue.possible(literals) and cue.present(text, start, end, literals)
        }
        return Hits(text=text, start=start, end=end, features=kept, cues=frozenset(cues), literals=literals)

    def _background(self, hits: Hits, doc: Doc, token: Token, sent: Span, published_year: int | None) -> bool:
        """History told in passing: a background cue ("previously", "in 2014" before the article's
        year) attached to the trigger's own clause."""
        heads = _clause_heads(token, _governors(token, sent))
        spans = list(self.lexicon.cue("background").spans(hits.text, hits.start, hits.end, hits.literals))
        if published_year is not None:
            spans += [
                m.span()
                for m in _YEAR.finditer(hits.text, hits.start, hits.end)
                if int(m.group(1)) < published_year - 1
            ]
        return any(_attached(doc, sp, heads) for sp in spans) or _reckoned_from(token)

    def _only_in_other_clauses(self, cue: str, hits: Hits, doc: Doc, trigger: Token) -> bool:
        spans = self.lexicon.cue(cue).spans(hits.text, hits.start, hits.end, hits.literals)
        toks = [token_at(doc, *sp) for sp in spans]
        return bool(toks) and all(t is not None and _in_other_clause(t, trigger) for t in toks)

    def _context_weight(
        self, cand: Candidate, hits: Hits, doc: Doc, sent: Span, published_year: int | None
    ) -> float:
        token = token_at(doc, *cand.span)
        weight = 1.0
        if token is not None:
            chain = _governors(token, sent)
            if _negated(chain, self.lexicon, cand.span):
                weight *= NEGATED
            elif _hypothetical(token, chain, self.lexicon, cand.span):
                weight *= HYPOTHETICAL
            if cand.violent and (
                any(t.lemma_.lower() in self.lexicon.cue("attribution_heads").lemmas for t in chain[1:])
                or _claimed(token, self.lexicon)
            ):
                weight *= ATTRIBUTION_ONLY
            if _alleged(chain, self.lexicon):
                weight *= ALLEGED
            if any(t.dep_ == "relcl" for t in chain[:4]):
                weight *= SUBORDINATE
            if (
                token.dep_ in {"acl", "amod"}
                and token.tag_ in {"VBN", "VBG"}
                and sent.root.pos_ in {"VERB", "AUX"}
            ):
                weight *= DESCRIPTION  # "the terrorists deployed in ...", "an alliance also fighting IS"
            if cand.sub_event_type == "Agreement" and token.dep_ == "pobj" and token.head.lower_ in _SETTING:
                weight *= DESCRIPTION  # "under a deal", "despite the truce": the setting, not a new deal
            if _name_part(token, sent):
                weight *= NAME_PART
            if _acted_on(token) and cand.sub_event_type in _THINGS_ACTED_ON:
                weight *= TARGETED_THING
        if token is not None and self._background(hits, doc, token, sent, published_year):
            weight *= BACKGROUND
        elif _old_year_in(hits, published_year):
            weight *= BACKGROUND_NEARBY
        elif token is not None and cand.sub_event_type not in _STATES and _durative(token):
            weight *= DURATIVE
        if "generic" in hits.cues:
            attached = token is not None and any(
                _attached(doc, sp, _clause_heads(token, _governors(token, sent)) | _modifiers(token))
                for sp in self.lexicon.cue("generic").spans(hits.text, hits.start, hits.end)
            )
            if attached:  # "continue regular ceasefire violations": a pattern, not one event
                weight *= GENERIC_ATTACHED
            elif not cand.strong:
                weight *= GENERIC
        if "question" in hits.cues:
            weight *= QUESTION
        if "survey" in hits.cues:
            weight *= SURVEY
        scope = hits.cues & {"disaster", "health", "accident", "crime", "court", "diplo", "policy"}
        if token is not None:  # "a widow they blamed for a drought": the drought is not the sentence's topic
            # (a crime in the clause is kept: "arrested two men who robbed a store" is about the robbery)
            scope = frozenset(
                c for c in scope if c not in _TOPICS or not self._only_in_other_clauses(c, hits, doc, token)
            )
        if cand.strong and cand.sub_event_type in PROTEST_FAMILY:  # not a mere "gathering"
            scope -= _NOT_AGAINST_PROTESTS
        if any(_out_of_scope(c, cand.sub_event_type) for c in scope):
            weight *= OUT_OF_SCOPE_STRONG
        elif scope - _JUDGED_ONLY and not cand.strong:
            weight *= OUT_OF_SCOPE
        return weight


def _reckoned_from(token: Token) -> bool:
    """The event is a point time is counted from ("two years after the massacre", "months since the
    bombing"): an old event, not the one told."""
    prep = token.head
    return (
        token.dep_ == "pobj"
        and prep.lower_ in {"after", "since"}
        and any(c.dep_ == "npadvmod" and c.lemma_.lower() in _SPANS_OF_TIME for c in prep.children)
    )


def _in_other_clause(tok: Token, trigger: Token) -> bool:
    """``tok`` sits in a relative clause that does not hold the trigger."""
    for anc in [tok, *tok.ancestors]:
        if anc.dep_ == "relcl":
            return not (anc.left_edge.i <= trigger.i <= anc.right_edge.i)
    return False


def _out_of_scope(cue: str, sub_event_type: str) -> bool:
    if cue not in _SCOPE_STRONG:
        return False
    types = _SCOPE_STRONG[cue]
    return types is None or sub_event_type in types


def _claimed(token: Token, lexicon: Lexicon) -> bool:
    """The event is what was claimed, attributed or condemned ("claimed the attack", "condemned the
    attack"), or what someone was "behind": a reference to an event, not its telling."""
    if token.dep_ == "dobj":
        return token.head.lemma_.lower() in lexicon.cue("claimed_event").lemmas
    if token.dep_ == "pobj" and token.head.lower_ == "for":
        # "claimed responsibility on Monday for the killing": the "for" may hang on the verb
        heads = lexicon.cue("attribution_heads").lemmas
        prep_head = token.head.head
        return prep_head.lemma_.lower() in heads or any(
            c.dep_ == "dobj" and c.lemma_.lower() in heads for c in prep_head.children
        )
    return token.dep_ == "pobj" and token.head.lower_ == "behind"


def _alleged(chain: list[Token], lexicon: Lexicon) -> bool:
    """The event is what someone is accused or blamed for ("villagers beat two men after accusing them
    of kidnapping", "blamed the attack on"), or what they incited ("arrested for inciting violence")."""
    lemmas = lexicon.cue("alleged").lemmas
    first = chain[0]
    if first.dep_ == "compound" and first.head.lemma_.lower() in lemmas:  # "a rape suspect"
        return True
    return any(
        t.dep_ == "prep" and t.lower_ in _ALLEGATION_PREPS and t.head.lemma_.lower() in lemmas
        for t in chain[1:5]
    ) or (chain[0].dep_ == "dobj" and chain[0].head.lemma_.lower() in lemmas)


_NAME_HEADS = frozenset(
    "province district square street road bridge gate camp airport mosque church hospital school "
    "brigade brigades battalion front movement division operation operations room army party council "
    "organisation organization group forces".split()
)


def _name_part(token: Token, sent: Span) -> bool:
    """A capitalised trigger word inside the name of a place or group ("the Liberated Province of
    Aleppo", "Martyrs Brigade"), not the word for an event."""
    return (
        token.tag_ == "NNP"
        and token.i != sent.start
        and token.dep_ in {"compound", "amod"}
        and token.head.i > token.i
        and token.head.lower_ in _NAME_HEADS
        and token.head.text[:1].isupper()
    )


_THINGS_ACTED_ON = frozenset({"Shelling/artillery/missile attack", "Air/drone strike", "Agreement"})


def _acted_on(token: Token) -> bool:
    """The trigger noun is what a verb destroyed, seized or ended ("three artillery systems were
    destroyed", "ended the truce"): a thing, not an event that happened."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    tok = token
    while tok.dep_ in {"conj", "compound", "appos"} and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_.lower() in _ACTED_ON


_STATES = frozenset({"Abduction/forced disappearance"})  # "has been missing" reports the event


def _modifiers(token: Token) -> set[int]:
    return {c.i for c in token.children if c.dep_ in {"amod", "advmod", "compound"}}


def _durative(token: Token) -> bool:
    """A present-perfect progressive ("has been fighting"): an ongoing state, not one event."""
    if token.tag_ != "VBG":
        return False
    auxes = {c.lower_ for c in token.children if c.dep_ == "aux"}
    return "been" in auxes and bool(auxes & {"has", "have", "had"})


def _old_year_in(hits: Hits, published_year: int | None) -> bool:
    if published_year is None:
        return False
    return any(int(m.group(1)) < published_year - 1 for m in _YEAR.finditer(hits.text, hits.start, hits.end))


def _segments(doc: Doc) -> list[tuple[Span, int, int]]:
    """Each parsed sentence, cut again at line breaks: a headline or a list item the parser glued to
    the next sentence is a unit of its own (offsets trimmed of surrounding space)."""
    out: list[tuple[Span, int, int]] = []
    text = doc_text(doc)
    for sent in doc.sents:
        start = sent.start_char
        for part in re.split(r"(\n)", text[sent.start_char : sent.end_char]):
            end = start + len(part)
            if part.strip() and part != "\n":
                lead = len(part) - len(part.lstrip())
                trail = len(part) - len(part.rstrip())
                out.append((sent, start + lead, end - trail))
            start = end
    return out


def _clause_heads(token: Token, chain: list[Token]) -> set[int]:
    """The trigger and the verb of its clause: what a date or a "previously" would modify."""
    heads = {token.i}
    verb = next((t for t in chain if t.pos_ in {"VERB", "AUX"}), None)
    if verb is not None:
        heads.add(verb.i)
    return heads


def _governors(token: Token, sent: Span) -> list[Token]:
    """The token and its heads up to the sentence root (the clauses that govern it)."""
    chain = [token]
    cur = token
    while cur.head.i != cur.i and sent.start <= cur.head.i < sent.end and len(chain) < 12:
        cur = cur.head
        chain.append(cur)
    return chain


def _negated(chain: list[Token], lexicon: Lexicon, span: tuple[int, int]) -> bool:
    neg_lemmas = lexicon.cue("negation").lemmas
    # "did not attack", "no attack", "was not behind the attack": a negation on the trigger or on the
    # words up to the first verb above it; "without firing a shot". A negation inside the trigger's own
    # words is part of what it says ("has not been seen since", "did not explode").
    for tok in chain:
        negs = [c for c in tok.children if not span[0] <= c.idx < span[1]]
        if any(c.dep_ == "neg" for c in negs):
            return True
        if any(c.lower_ in {"no", "never"} and c.dep_ in {"det", "advmod"} for c in negs):
            return True
        if tok.lower_ == "without" and tok is not chain[0]:
            return True
        if tok.tag_ == "VBG" and tok.head.lower_ == "without":  # "without firing a shot"
            return True
        if tok.pos_ in {"VERB", "AUX"} and tok is not chain[0]:
            break
    return any(t.lemma_.lower() in neg_lemmas for t in chain[1:])


def _hypothetical(token: Token, chain: list[Token], lexicon: Lexicon, span: tuple[int, int]) -> bool:
    lemmas = lexicon.cue("hypothetical").lemmas
    # an event noun with an indefinite determiner ("ready to respond to any attack"): none in particular
    if any(c.dep_ == "det" and c.lower_ in lexicon.cue("indefinite").lemmas for c in token.children):
        return True
    # a modal on the trigger's own clause ("will attack", "could be retaken"), unless the trigger's own
    # words hold it ("before he could detonate": the attack stopped)
    verb = next((t for t in chain if t.pos_ in {"VERB", "AUX"}), None)
    if verb is not None and any(
        c.dep_ == "aux" and c.lower_ in _MODALS and not span[0] <= c.idx < span[1] for c in verb.children
    ):
        return True
    # governed by an intention, threat or plan ("vowed to attack", "plans to retake")
    own = token.lemma_.lower()
    for gov in chain[1:]:
        if gov.lemma_.lower() in lemmas and gov.lemma_.lower() != own:
            return True
        if gov.dep_ == "ROOT":
            break
    # a purpose infinitive ("an attack to capture the positions", "tried to seize"): not achieved
    verb = chain[0]
    # (but a crowd that went somewhere "to protest" did protest)
    if verb.pos_ == "VERB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        if verb.lemma_.lower() in protest_words()["protest_verbs"]:
            pass
        elif len(chain) < 2 or chain[1].lemma_.lower() not in _ACHIEVED:
            return True
    # "if ... attacked", "unless ..." on the trigger's clause
    return any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for t in chain[:2] for c in t.children)


def _attached(doc: Doc, span: tuple[int, int], targets: set[int]) -> bool:
    """The words at ``span`` modify one of the ``targets`` tokens, not another clause's verb."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return False
    tok = sp.root
    for hop in range(4):
        if tok.i in targets:
            return True
        if tok.pos_ in {"VERB", "AUX"} or tok.head.i == tok.i or tok.dep_ in _CLAUSES:
            return False  # reached another clause: the cue belongs to that clause
        if hop > 0 and tok.dep_ == "npadvmod":
            return False  # an aside ("..., the scene of some of the fiercest fighting")
        if hop > 0 and tok.dep_ == "prep" and tok.lower_ in _GRIEVANCE_PREPS:
            return False  # the grievance ("protested against the rise in prices"), not the event
        tok = tok.head
    return tok.i in targets
