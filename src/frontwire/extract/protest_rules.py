"""Protests, riots and mobs: the crowd's conduct and the authorities' response decide the sub-type.

Split from `frontwire.extract.event_rules`. What a crowd protests (a killing it mourns, a deal it rejects)
is its grievance, not the event; a protest only planned, judged by a court, stopped before it was held
or named as a right is no protest held; a crowd of residents turning on people is a mob, on the police
a violent demonstration.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from frontwire.extract.rule_hits import (
    PEACEFUL,
    VIOLENT_DEMONSTRATION,
    Candidate,
    Hits,
    adjectival,
    central,
    describes_noun,
    without,
)
from frontwire.extract.textspans import token_at
from frontwire.knowledge.lexicon import Lexicon, read_lexicon_file

# A protest named only as the setting of something else ("a curfew after protests", "arrested after the
# rally"): not the event, unless the sentence tells what the crowd or the authorities did.

PROTEST_FAMILY = frozenset(
    {PEACEFUL, VIOLENT_DEMONSTRATION, "Protest with intervention", "Excessive force against protesters"}
)


@cache
def protest_words() -> dict[str, frozenset[str]]:
    """The word lists of ``data/lexicons/protest_words.yaml`` (read once per process)."""
    return {str(k): frozenset(str(w) for w in v) for k, v in read_lexicon_file("protest_words").items()}


def protest_family(h: Hits, doc: Doc, sent: Span, lexicon: Lexicon, add_span: object) -> bool:
    """Protests and riots: the crowd's conduct and the authorities' response decide the sub-type.

    The trigger is the most central of the protest and response words ("students protesting the results
    vandalised the block": "vandalised", the main verb, not "protesting", which describes the students).
    A protest only wished for ("called for demonstrations", "plans a rally") is none. True when the
    sentence reads as a protest or riot (so an arrest in it is the authorities' response).
    """
    assert callable(add_span)
    # "the detained journalist", "the killed protesters of last year": descriptions, not the response;
    # but tear gas or a baton charge is a response even as a modifier ("baton-charged workers")
    h = without(
        h,
        ("lethal_force",),
        lambda sp: adjectival(doc, sp) or protest_cause(doc, sp) or _describes_others(doc, sp),
    )
    # "the activist arrested during the protests": a description (but "leaving dozens seriously injured"
    # tells the force used)
    h = without(
        h,
        ("crowd_control",),
        lambda sp: adjectival(doc, sp) or describes_noun(doc, sp) or protest_cause(doc, sp),
    )
    h = without(h, ("crowd_dispersal",), lambda sp: protest_cause(doc, sp))
    # "crops damaged by pests", "the burnt bus of last year": a participle describing a noun is no act
    h = without(h, ("protester_violence",), lambda sp: describes_noun(doc, sp))
    # "compensation for those killed in the riots": a riot named inside a description is no event
    people = {token_at(doc, *sp) for n in ("civilian_target", "person_object") for sp in h.spans(n)}
    h = without(h, ("riot", "protest", "protest_weak"), lambda sp: _inside_description(doc, sp, people))
    if "court" in h.cues:  # "sentenced 75 people over a sit-in": the court's case, not the protest
        judging = lexicon.cue("court").lemmas
        h = without(
            h,
            ("protest", "protest_weak", "riot", "lethal_force", "crowd_control"),
            lambda sp: _judged(doc, sp, judging),
        )
    if h.has("mob") and not _crowd_against_police(h, doc, lexicon):
        add_span("Mob violence", 0.82, central(doc, h.spans("mob")), strong=True)
        return False
    wishes = lexicon.cue("hypothetical").lemmas
    told = [
        sp for n in ("protest", "protest_weak") for sp in h.spans(n) if not _wished(doc, sent, sp, wishes)
    ]
    violence = h.spans("riot") + h.spans("protester_violence")
    if not h.has("peaceful"):  # "blocked the tracks in a peaceful sit-in" is no riot
        violence += h.spans("road_block")
    response = h.spans("crowd_control") + h.spans("crowd_dispersal")
    if not told:
        if h.has("mob"):  # supporters fighting the police (see _crowd_against_police)
            add_span(VIOLENT_DEMONSTRATION, 0.8, central(doc, h.spans("mob")), strong=True)
            return True
        if h.has("riot") and "mob_communal" in h.cues and not h.has("state_actor"):
            # stones thrown between communities or rival groups, no police or protest: a mob
            add_span("Mob violence", 0.75, central(doc, h.spans("riot")), strong=True)
        elif h.has("riot"):
            add_span(VIOLENT_DEMONSTRATION, 0.7, central(doc, h.spans("riot")))
            return True  # a riot reads as a protest: its arrests are its own, not another event
        elif response and (stops := _stoppers(doc, h.spans("protest") + h.spans("protest_weak"))):
            # "police prevented a march and detained 30": the protest met with the response
            add_span("Protest with intervention", 0.7, stops[0], strong=True)
            return True
        elif h.has("road_block") and h.has("arrest", "crowd_dispersal"):  # "arrested activists who blocked"
            add_span("Protest with intervention", 0.6, central(doc, h.spans("road_block") + response))
            return True
        elif h.has("crowd_dispersal"):  # tear gas on a crowd not called a protest
            add_span("Protest with intervention", 0.6, central(doc, h.spans("crowd_dispersal")))
            return True
        return False
    strong = any(sp in h.spans("protest") for sp in told)
    base = 0.8 if strong else 0.6
    if violence:
        sub, acts = VIOLENT_DEMONSTRATION, violence
    elif h.has("lethal_force") and (strong or response):
        sub, acts = "Excessive force against protesters", h.spans("lethal_force") + response
    elif response:
        sub, acts = "Protest with intervention", response
    else:
        told = [sp for sp in told if not _setting(doc, sp)]
        if not told:  # "a curfew after the protests": the protest is the setting
            return False
        sub, acts, base = PEACEFUL, [], base - 0.05
    add_span(sub, base, central(doc, told + acts), strong=strong, violent=sub != PEACEFUL)
    return True


def _crowd_against_police(h: Hits, doc: Doc, lexicon: Lexicon) -> bool:
    """Political supporters fighting the police with stones or fire ("supporters of the defeated
    candidate clashed with police, throwing rocks"): a violent demonstration, not mob violence, which
    is a crowd turning on civilians or on another crowd (cue `mob_communal`: lynching, rival groups)."""
    mob_text = " ".join(h.words("mob"))
    # the mob words shadow the police they name ("supporters and police clashed")
    police = h.has("state_actor") or bool(lexicon.features["state_actor"].spans(mob_text, 0, len(mob_text)))
    feats = lexicon.features
    fought = (
        h.has("riot", "protester_violence", "road_block")
        or "clash" in mob_text
        or bool(feats["protester_violence"].spans(mob_text) or feats["riot"].spans(mob_text))
    )
    # "angry residents torched police vehicles": no civilians hit
    if not police or not fought or victims(h, doc, h.spans("mob")):
        return False
    return not lexicon.cue("mob_communal").present(mob_text, 0, len(mob_text))


def victims(h: Hits, doc: Doc, crowd: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Civilians or people hit that are neither the crowd itself nor in what set the crowd off."""
    return [
        sp
        for sp in h.spans("civilian_target") + h.spans("person_object")
        if not any(a <= sp[0] < b for a, b in crowd) and not _in_cause_clause(doc, sp)
    ]


def _in_cause_clause(doc: Doc, span: tuple[int, int]) -> bool:
    """The word is in a clause or phrase telling what set the crowd off ("after a young man was shot
    dead", "after the death of a man in a police raid")."""
    tok = token_at(doc, *span)
    for anc in ([tok] + list(tok.ancestors))[:6] if tok is not None else []:
        if any(c.dep_ == "mark" and c.lower_ in {"after", "since", "because"} for c in anc.children):
            return True
        if anc.dep_ == "prep" and anc.lower_ in {"after", "following", "over"}:
            return True
    return False


def _stoppers(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The verbs that stopped these protests ("prevented a march", "blocked the rally")."""
    out = []
    for span in spans:
        tok = token_at(doc, *span)
        for anc in list(tok.ancestors)[:3] if tok is not None else []:
            if anc.lemma_.lower() in protest_words()["stopping_verbs"]:
                out.append((anc.idx, anc.idx + len(anc)))
                break
    return out


def _future_time(sent: Span) -> bool:
    """The sentence names a time to come ("next Tuesday", "the coming week", "tomorrow")."""
    return any(
        t.lower_ == "tomorrow"
        or (t.lower_ in {"next", "coming"} and t.head.lower_ in protest_words()["future_heads"])
        for t in sent
    )


def _describes_others(doc: Doc, span: tuple[int, int]) -> bool:
    """A participle describing people ("widows of miners killed in the disaster"), unless it is what the
    force left behind ("leaving dozens seriously injured")."""
    if not describes_noun(doc, span):
        return False
    tok = token_at(doc, *span)
    described = tok.head if tok is not None else None
    return described is None or described.head.lemma_.lower() != "leave"


def _wished(doc: Doc, sent: Span, span: tuple[int, int], wishes: frozenset[str]) -> bool:
    """The protest is called for, planned or threatened ("called for demonstrations", "the planned
    protests"), not held."""
    tok = token_at(doc, *span)
    if tok is not None and any(
        c.dep_ == "amod" and c.i < tok.i and c.lemma_.lower() in wishes for c in tok.children
    ):
        return True
    if tok is not None and tok.pos_ == "NOUN" and _future_time(sent):  # "announced a strike next Tuesday"
        return True
    for _ in range(4):
        if tok is None or tok.head.i == tok.i or not sent.start <= tok.head.i < sent.end:
            return False
        tok = tok.head
        if tok.lemma_.lower() in wishes:
            return True
    return False


def _setting(doc: Doc, span: tuple[int, int]) -> bool:
    """The protest is when something else happened: "after the protests", "ahead of the rally"."""
    tok = token_at(doc, *span)
    if tok is None or tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ in protest_words()["setting_preps"] or (
        prep.lower_ == "of" and prep.head.lower_ == "ahead"
    )


def _inside_description(doc: Doc, span: tuple[int, int], people: set[Token | None]) -> bool:
    """The word hangs, through a preposition, on a participle describing people ("those killed in the
    riots", "the activist arrested during the protests"; not "a canister fired during a protest")."""
    tok = token_at(doc, *span)
    if tok is None or tok.dep_ != "pobj":
        return False
    verb = tok.head.head
    described = verb.head
    return (
        verb.dep_ in {"acl", "amod"}
        and verb.tag_ == "VBN"
        and (described.pos_ == "PRON" or described in people)
    )


def _judged(doc: Doc, span: tuple[int, int], judging: frozenset[str]) -> bool:
    tok = token_at(doc, *span)
    return tok is not None and any(a.lemma_.lower() in judging for a in list(tok.ancestors)[:6])


def protest_cause(doc: Doc, span: tuple[int, int]) -> bool:
    """The arrest or killing is what the crowd protests ("a rally against the arrest of the leader",
    "protesting the detention of activists", "demanding the release of detainees"), not the response."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return False
    tok = sp.root
    if tok.pos_ not in {"NOUN", "PROPN"} and tok.tag_ not in {"VBG", "VBN"}:
        return False
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in protest_words()["cause_preps"]:
        return head.lower_ != "of" or head.head.lower_ in protest_words()["cause_nouns"]
    if tok.dep_ == "pobj" and head.lower_ == "to" and _ends(head.head):
        return True  # "demanding an end to police brutality": the grievance
    if tok.dep_ == "dobj" and head.lemma_.lower() in protest_words()["cause_verbs"]:
        return True
    # inside what the crowd demands or mourns ("demanding relocation after the killing of a colleague")
    return any(a.lemma_.lower() in protest_words()["grievance_heads"] for a in list(tok.ancestors)[:5])


def _ends(tok: Token) -> bool:
    """ "an end to X" however the parser hangs the "to": on "end" or on the verb whose object is "end"."""
    return tok.lower_ == "end" or any(c.dep_ == "dobj" and c.lower_ == "end" for c in tok.children)


def by_crowd(cand: Candidate, doc: Doc, crowds: frozenset[str], police_hit: bool) -> Candidate:
    """Burning or beating done by a crowd of residents or villagers, with no protest named, is mob
    violence ("residents of the village set fire to the houses of ..."), not an armed group's act."""
    if cand.sub_event_type not in {"Attack", "Looting/property destruction"}:
        return cand
    tok = token_at(doc, *cand.span)
    while tok is not None and tok.dep_ in {"conj", "xcomp", "dobj", "compound"} and tok.head.i != tok.i:
        tok = tok.head  # "set fire": the verb; "beat and robbed": the first verb
    if tok is None:
        return cand
    subjects = [c for c in tok.children if c.dep_ in {"nsubj", "agent"}]
    subjects += [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    # a crowd is many: "residents", "a crowd", not "her neighbour"
    if any(
        t.lemma_.lower() in crowds and (t.tag_ == "NNS" or t.lemma_.lower() in {"crowd", "mob"})
        for t in subjects
    ):
        # a crowd burning a police post is a riot against the authorities (see _crowd_against_police)
        sub = VIOLENT_DEMONSTRATION if police_hit else "Mob violence"
        return replace(cand, sub_event_type=sub, strong=True, generic=False)
    return cand


def civilians_fight(h: Hits, doc: Doc, lexicon: Lexicon) -> bool:
    """The subject of the fighting word is civilians ("two groups of students ... clashed with sticks")."""
    tok = token_at(doc, *h.first("clash", "clash_weak"))
    if tok is None or tok.pos_ != "VERB":
        return False
    for subj in (c for c in tok.children if c.dep_ == "nsubj"):
        words = doc.text[subj.left_edge.idx : subj.right_edge.idx + len(subj.right_edge)]
        feats = lexicon.features
        if feats["civilian_target"].spans(words) and not feats["armed_target"].spans(words):
            return True
    return False
