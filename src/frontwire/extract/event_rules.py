"""The decision rules that turn the lexicon features of one sentence into typed event candidates.

Specific evidence beats generic evidence: "suicide bombers" is a suicide bomb although the sentence also
says "attack" and "killed"; a protest with tear gas is a protest with intervention; "captured" with a
village as object is a change of territory, with a commander as object an arrest. Who took a place
(state forces or a non-state group) decides between the two territory types; the subject of the verb is
read from the dependency tree. The assembler may refine that choice with the resolved actor.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from frontwire.extract.protest_rules import (
    PROTEST_FAMILY,
    by_crowd,
    civilians_fight,
    protest_cause,
    protest_family,
    victims,
)
from frontwire.extract.rule_hits import (
    VIOLENT_DEMONSTRATION,
    Candidate,
    Hits,
    adjectival,
    describes_noun,
    without,
)
from frontwire.extract.textspans import token_at
from frontwire.knowledge.lexicon import Lexicon

__all__ = ["GOV_REGAINS", "NSA_OVERTAKES", "ONE_SIDED", "TERRITORY", "Candidate", "Hits", "type_sentence"]

GOV_REGAINS = "Government regains territory"
NSA_OVERTAKES = "Non-state actor overtakes territory"
TERRITORY = frozenset({GOV_REGAINS, NSA_OVERTAKES})

_NOT_BY_RIOTERS = frozenset({"Armed clash", "Agreement"} | TERRITORY)
_FIGURATIVE = frozenset({"Armed clash", "Attack"})  # "the fight against corruption"


def type_sentence(hits: Hits, doc: Doc, sent: Span, lexicon: Lexicon) -> list[Candidate]:
    """All typed readings of one sentence, best first."""
    out: list[Candidate] = []

    def add(sub: str, score: float, names: tuple[str, ...], **kw: bool) -> None:
        spans = sorted(sp for n in names for sp in hits.spans(n))
        # the first mention that tells the event, not one that describes a noun ("the island bombarded by")
        told = [sp for sp in spans if not describes_noun(doc, sp)]
        out.append(Candidate(sub, score, (told or spans or [hits.first(*names)])[0], **kw))

    def add_span(sub: str, score: float, span: tuple[int, int], **kw: bool) -> None:
        out.append(Candidate(sub, score, span, **kw))

    def add_graded(sub: str, name: str, strong_score: float, weak_score: float, **kw: bool) -> None:
        """A feature with a ``_weak`` twin: its own words are strong, the twin's score lower."""
        strong = hits.has(name)
        add(sub, strong_score if strong else weak_score, (name, f"{name}_weak"), strong=strong, **kw)

    h = hits
    # "foiled a march" is a protest stopped, not a weapon: see protest_rules
    h = without(h, ("foiled",), lambda sp: _foils_a_protest(h, doc, sp))
    disrupted = h.has("disrupt_weapons", "foiled")
    if h.has("chemical") and not _tear_gas_only(h):
        add("Chemical weapon", 0.92, ("chemical",), strong=True)
    if h.has("suicide"):
        add("Suicide bomb", 0.92, ("suicide",), strong=True)
    if disrupted and h.has("air", "air_weak", "artillery"):
        # "jets destroyed weapon depots": the strike is the event, the depot its target
        disrupted = h.has("foiled") or not all(w.startswith("destroy") for w in h.words("disrupt_weapons"))
    foiled = disrupted and h.has("foiled")
    if disrupted:
        add("Disrupted weapons use", 0.88, ("disrupt_weapons", "foiled"), strong=True, violent=False)
    elif h.has("disrupt_weak") and not h.has("air", "artillery"):
        add("Disrupted weapons use", 0.55, ("disrupt_weak",), violent=False)
    if h.has("grenade") and not disrupted:
        add("Grenade", 0.86, ("grenade",), strong=True)
    if not disrupted and not h.has("suicide"):
        bombs_from_air = h.has("air", "air_weak") and all("bomb" in w for w in h.words("ied"))
        if (
            h.has("ied") and not bombs_from_air
        ):  # "barrel bomb attacks dropped by warplanes" is the air strike
            add("Remote explosive/landmine/IED", 0.85, ("ied",), strong=True)
        elif h.has("ied_weak") and not h.has("grenade", "air", "artillery", "chemical"):
            add("Remote explosive/landmine/IED", 0.62, ("ied_weak",))
    h = without(h, ("air", "air_weak"), lambda sp: _in_support(doc, sp))
    h = without(h, ("air_weak",), lambda sp: _struck(doc, sp))
    if h.has("air"):
        add("Air/drone strike", 0.86, ("air",), strong=True)
    elif (
        h.has("air_weak")
        and h.has("attack", "ied_weak", "clash", "clash_weak", "looting", "looting_weak", "artillery")
        and not h.has("chemical")
    ):
        add("Air/drone strike", 0.7, ("air_weak",))
    if h.has("artillery") and not h.has("chemical"):
        if h.has("other") and h.any_word("other", ("test", "launch", "development")):
            add("Other", 0.75, ("other",), violent=False)
        elif not (
            h.has("air", "air_weak")
            and all(w.startswith(("missile", "rocket")) for w in h.words("artillery"))
        ):
            # missiles or rockets fired from aircraft are the air strike's weapons, not artillery
            add("Shelling/artillery/missile attack", 0.82, ("artillery",), strong=True)
    protest = protest_family(h, doc, sent, lexicon, add_span)
    if h.has("abduct", "abduct_weak"):
        add_graded("Abduction/forced disappearance", "abduct", 0.85, 0.55)
    if h.has("sexual"):  # "abducted and raped a girl" is coded as the sexual violence
        add("Sexual violence", 0.87, ("sexual",), strong=True)
    if without(h, ("arrest",), lambda sp: adjectival(doc, sp)).has("arrest") and not protest:
        # (not "a detained activist": a description of someone, not an arrest told)
        add("Arrests", 0.78, ("arrest",), strong=True, violent=False)
    _territory(h, doc, sent, add, add_span)
    if h.has("hq"):
        strong = h.any_word("hq", ("set", "establish", "erect", "built", "build", "new"))
        add(
            "Headquarters or base established", 0.82 if strong else 0.5, ("hq",), strong=strong, violent=False
        )
    if h.has("agreement"):
        add("Agreement", 0.82, ("agreement",), strong=True, violent=False)
    elif h.has("agreement_weak"):
        add("Agreement", 0.5, ("agreement_weak",), violent=False)
    if h.has("change_group", "change_group_weak"):
        add_graded("Change to group/activity", "change_group", 0.75, 0.55, violent=False)
    if h.has("looting", "looting_weak"):
        add_graded("Looting/property destruction", "looting", 0.75, 0.45, generic=not h.has("looting"))
    if h.has("blockade") and not protest:  # a convoy blocked by protesters is their protest
        add("Other", 0.72, ("blockade",), violent=False)
    elif h.has("other") and not any(c.sub_event_type == "Other" for c in out):
        add("Other", 0.6, ("other",), violent=False)
    if h.has("violation"):
        add("Armed clash", 0.6, ("violation",), generic=True)
    if h.has("clash", "clash_weak"):
        # "ambushed a bus carrying civilians" is an attack on civilians, "ambushed a patrol" a clash
        strong = any(not _hits_civilians(h, doc, sp) for sp in h.spans("clash"))
        generic_violence = h.has("attack") or _done_by_someone(h, doc)
        if strong or not generic_violence:  # weak clash words next to an attack: the target decides below
            score = 0.8 if strong else 0.62
            if _anaphoric(doc, h.first("clash", "clash_weak")):  # "the clashes are still underway"
                score = 0.6
            if civilians_fight(h, doc, lexicon) and not h.has("state_actor"):
                add("Mob violence", 0.8, ("clash", "clash_weak"), strong=True)  # "students ... clashed"
            else:
                add("Armed clash", score, ("clash", "clash_weak"), strong=strong, generic=not strong)
    if h.has("attack") or _done_by_someone(h, doc):
        _generic_attack(h, doc, add)
    if any(c.sub_event_type == VIOLENT_DEMONSTRATION for c in out):
        # rioters "clashing" with police is the riot, not a battle between armed groups; rioters
        # freeing detainees is a jailbreak, not an exchange; overrunning a police post, no conquest
        out = [
            replace(c, score=max(c.score, 0.8)) if c.sub_event_type == VIOLENT_DEMONSTRATION else c
            for c in out
            if c.sub_event_type not in _NOT_BY_RIOTERS
        ]
    elif any(c.sub_event_type == "Mob violence" for c in out):  # crowds clashing are not armed groups
        out = [c for c in out if c.sub_event_type != "Armed clash"]
    if not protest:
        police_hit = h.has("state_actor") and not victims(h, doc, h.spans("mob"))
        out = [by_crowd(c, doc, lexicon.cue("crowd_subjects").lemmas, police_hit) for c in out]
    else:  # what the crowd protests ("protests against a land deal", "against the airstrikes") is no event
        out = [c for c in out if c.sub_event_type in PROTEST_FAMILY or not protest_cause(doc, c.span)]
    if "metaphor" in h.cues:  # "the fight against corruption": keep only specific readings
        out = [c for c in out if not (c.sub_event_type in _FIGURATIVE and not _literal(h, c))]
    specific = [c for c in out if not c.generic]
    if specific:
        out = specific
    if foiled:  # "foiled a suicide attack": the attack did not happen
        out = [c if c.sub_event_type != "Disrupted weapons use" else replace(c, score=0.93) for c in out]
    return sorted(out, key=lambda c: -c.score)


def _in_support(doc: Doc, span: tuple[int, int]) -> bool:
    """Air power in a supporting role ("troops backed by Russian airstrikes"): not the event itself."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return False
    tok = sp.root
    for _ in range(3):
        if tok.lemma_.lower() in {"back", "support", "cover", "aid", "assist", "provide"}:
            return True
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return False


_STRIKING = frozenset({"damage", "destroy", "hit", "down", "shoot", "strike", "target", "capture", "seize"})


def _struck(doc: Doc, span: tuple[int, int]) -> bool:
    """The aircraft is what was hit ("rockets struck the airport, damaging a plane"), not the attacker."""
    tok = token_at(doc, *span)
    return tok is not None and tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_.lower() in _STRIKING


def _tear_gas_only(h: Hits) -> bool:
    """ "a tear gas attack" is crowd control, not a chemical weapon."""
    tear = [w for w in h.words("crowd_dispersal") if "tear" in w]
    return bool(tear) and all("gas" in w for w in h.words("chemical"))


def _literal(h: Hits, cand: Candidate) -> bool:
    """The candidate's trigger word is not one of the figurative uses the metaphor cue names."""
    word = h.text[cand.span[0] : cand.span[1]].lower()
    return not any(word.startswith(w) for w in ("fight", "battl", "war", "combat", "attack", "clash", "beat"))


def _hits_civilians(h: Hits, doc: Doc, span: tuple[int, int]) -> bool:
    """The fighting word names civilians, or its object does and no armed men ("ambushed a bus
    carrying civilians", but not "ambushed a patrol")."""
    word = h.text[span[0] : span[1]].lower()
    civ_words = _words(h, "civilian_target")
    if any(c in word for c in civ_words):
        return True
    target = _object_text(doc, span).lower()
    return any(c in target for c in civ_words) and not any(a in target for a in _words(h, "armed_target"))


def _territory(h: Hits, doc: Doc, sent: Span, add: object, add_span: object) -> None:
    """Changes of control: retaking, seizing, handing over; who did it picks the sub-type."""
    assert callable(add) and callable(add_span)
    fighting = h.has("clash", "clash_weak", "air", "artillery", "ied", "ied_weak")
    if h.has("withdraw") and not fighting:
        strong = h.has("capture", "capture_weak", "recapture") or h.any_word("withdraw", ("hand", "transfer"))
        add(
            "Non-violent transfer of territory",
            0.9 if strong else 0.5,
            ("withdraw",),
            violent=False,
            strong=strong,
        )
        return
    for name, score in (
        ("recapture", 0.9),
        ("capture", 0.88),
        ("recapture_weak", 0.6),
        ("capture_weak", 0.5),
    ):
        spans = [sp for sp in h.spans(name) if not adjectival(doc, sp)]
        if not spans:
            continue
        if name.startswith("capture") and (not _place_object(h) or _takes_a_thing(h, doc, spans[0])):
            continue
        span = spans[0]
        side = actor_side(doc, sent, span, h)
        if side is None:
            side = "nonstate" if name.startswith("capture") else "state"
        sub = GOV_REGAINS if side == "state" else NSA_OVERTAKES
        out_span = span
        add_span(sub, score, out_span, strong=not name.endswith("_weak"))
        return


def _place_object(h: Hits) -> bool:
    """A place-like word follows the capture word closely ("captured the village", "took control of")."""
    caps = h.spans("capture") + h.spans("capture_weak")
    places = h.spans("place_object")
    return any(0 <= ps - ce <= 60 or ps <= cs <= pe for cs, ce in caps for ps, pe in places) or any(
        h.text[cs:ce].lower().startswith(("took", "take", "taken", "gain", "seized control", "overr", "fell"))
        for cs, ce in caps
    )


def _takes_a_thing(h: Hits, doc: Doc, span: tuple[int, int]) -> bool:
    """The capture verb's object is a thing, not a place ("seized smuggled gold at the airport"): no
    place word and no name in it."""
    tok = token_at(doc, *span)
    objs = [c for c in tok.children if c.dep_ in {"dobj", "obj"}] if tok is not None else []
    places = h.spans("place_object")
    objs = [o for o in objs if not span[0] <= o.idx < span[1]]  # "gained ground", "took control"
    for obj in objs:
        a, b = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
        if any(a <= s < b for s, _ in places) or any(t.pos_ == "PROPN" for t in obj.subtree):
            return False
    return bool(objs)


def _done_by_someone(h: Hits, doc: Doc) -> bool:
    """ "The army killed scores of militants" is an event; "ten soldiers were killed" only its toll."""
    for s, e in h.spans("outcome"):
        sp = doc.char_span(s, e, alignment_mode="expand")
        if sp is not None and len(sp) and sp.root.pos_ == "VERB":
            if any(c.dep_ in {"nsubj", "agent"} for c in sp.root.children):
                return True
    return False


ONE_SIDED = ("execut", "behead", "crucif", "stoned to death")


def _generic_attack(h: Hits, doc: Doc, add: object) -> None:
    """Shooting, storming, killing: civilians as the target make it an attack, armed men a clash."""
    assert callable(add)
    names = ("attack",) if h.has("attack") else ("outcome",)
    # what was attacked: the objects of every violence word ("raided ... killing 15 militants")
    target = " ".join(_object_text(doc, sp) for sp in h.spans("attack") + h.spans("outcome")).lower()
    civ = h.has("civilian_target")
    armed = h.has("armed_target")
    named = False  # the verb itself names whom it hit: a specific event, not a vague mention
    if target:
        lex_civ = any(s >= 0 for s in (target.find(w) for w in _words(h, "civilian_target")))
        lex_arm = any(s >= 0 for s in (target.find(w) for w in _words(h, "armed_target")))
        named = lex_civ != lex_arm
        if lex_civ and not lex_arm:
            civ, armed = True, False
        elif lex_arm and not lex_civ:
            civ, armed = False, True
        elif not lex_arm and not any(target.find(w) >= 0 for w in _words(h, "place_object")):
            civ, armed = True, False  # someone unarmed: "shot dead a local official"
    if _anaphoric(doc, h.first(*names)):  # "the attack", "this barbaric attack": one already told
        named = False
    one_sided = any(w.startswith(ONE_SIDED) for w in h.words("attack"))
    if armed and not civ and not one_sided:
        add("Armed clash", 0.7 if named else 0.62, names, generic=True)
    elif one_sided:  # an execution has no second armed side, even when the victims were fighters
        add("Attack", 0.7 if named else 0.6, names, generic=True)
    elif civ:
        add("Attack", 0.7 if named else 0.6, names, generic=True)
    else:
        add("Attack", 0.45, names, generic=True)


def _anaphoric(doc: Doc, span: tuple[int, int]) -> bool:
    """A definite noun ("the attack", "this barbaric attack", "the clashes"): it refers back to an
    event the article has already told rather than telling a new one."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return False
    tok = sp.root
    return tok.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"} for c in tok.children
    )


def _words(h: Hits, name: str) -> list[str]:
    return [w for w in h.words(name) if len(w) > 2]


def _foils_a_protest(h: Hits, doc: Doc, span: tuple[int, int]) -> bool:
    """ "foiled a march": what was foiled is a protest (its head word is one), not a bomb attack on
    protesters."""
    heads = _object_heads(doc, span)
    protest_words = {w.lower() for w in h.words("protest") + h.words("protest_weak")}
    return any(t.lower_ in protest_words or t.lemma_.lower() in protest_words for t in heads)


def _object_text(doc: Doc, span: tuple[int, int]) -> str:
    """The direct or prepositional object of the trigger's verb (what was attacked)."""
    return " ".join(doc[o.left_edge.i : o.right_edge.i + 1].text for o in _object_heads(doc, span))


def _object_heads(doc: Doc, span: tuple[int, int]) -> list[Token]:
    """The head words of the trigger verb's direct or prepositional objects."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return []
    tok = sp.root
    verbs = [tok, *(c for c in tok.children if c.dep_ == "conj")]  # "shot and killed a teenager"
    if tok.dep_ == "conj":
        verbs.append(tok.head)
    objs: list[Token] = []
    for verb in verbs:
        for child in verb.children:
            if child.dep_ in {"dobj", "obj", "nsubjpass"}:  # passive: "a man was stabbed by ..."
                objs.append(child)
            elif child.dep_ == "prep" and child.lower_ in {"on", "against", "upon"}:
                objs.extend(c for c in child.children if c.dep_ == "pobj")
    if not objs:  # "fired at a crowd" (but "killed at a checkpoint" is where, not whom)
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "at":
                objs.extend(c for c in child.children if c.dep_ == "pobj")
    if not objs and tok.dep_ in {"nsubjpass"}:
        objs.append(tok)
    return objs


def actor_side(doc: Doc, sent: Span, span: tuple[int, int], h: Hits) -> str | None:
    """'state' or 'nonstate' for the doer of the trigger's verb (subject, or "by" agent of a passive)."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return None
    tok = sp.root
    verb = tok
    hops = 0
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i and hops < 3:
        verb = verb.head
        hops += 1
    subjects: list[Token] = []
    losers: list[Token] = []
    for child in verb.children:
        if child.dep_ in {"nsubj", "csubj"}:
            subjects.append(child)
        elif child.dep_ == "agent":
            subjects.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "nsubjpass":
            losers.append(child)
    up = verb
    for _ in range(3):  # "troops pushed in, clashing with rebels and capturing a village"
        if subjects or up.dep_ not in {"conj", "xcomp", "advcl", "pcomp", "acl"} or up.head.i == up.i:
            break
        up = up.head
        subjects.extend(c for c in up.children if c.dep_ in {"nsubj", "csubj"})
    for subj in subjects:
        side = _side_in(h, doc[subj.left_edge.i : subj.right_edge.i + 1], subj)
        if side:
            return side
    for loser in losers:  # "the terrorists were pushed back": the other side did it
        side = _side_in(h, doc[loser.left_edge.i : loser.right_edge.i + 1], loser)
        if side:
            return "nonstate" if side == "state" else "state"
    # no usable subject: the nearest actor word before the trigger in the sentence
    before = [(s, "state") for s, e in h.spans("state_actor") if e <= span[0]] + [
        (s, "nonstate") for s, e in h.spans("nonstate_actor") if e <= span[0]
    ]
    if before:
        return max(before)[1]
    return None


def _side_in(h: Hits, phrase: Span, head: Token) -> str | None:
    s0, s1 = phrase.start_char, phrase.end_char
    found: list[tuple[int, int, str]] = []
    for name, side in (("state_actor", "state"), ("nonstate_actor", "nonstate")):
        found.extend((s, e, side) for s, e in h.spans(name) if s0 <= s and e <= s1)
    if not found:
        return None
    for s, e, side in found:
        if s <= head.idx < e:
            return side
    return max(found)[2]
