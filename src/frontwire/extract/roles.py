"""Who did it and to whom: reading actor roles for one trigger off the dependency tree.

Agents (actor1) are the subject of the trigger verb or of the verb whose object the trigger noun is, the
object of "by" in a passive, and a nationality or name modifying the trigger noun ("Russian airstrikes");
patients (actor2) are the object, the passive subject, "on/against/with X", "targeting X". A noun trigger is
followed up its phrase ("rocket" -> "rocket shells" -> "attacks with rocket shells") to the governing verb.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from frontwire.extract.textspans import doc_text
from frontwire.types import ActorMention, Trigger

HARM_VERBS = frozenset("target hit kill wound injure claim leave strike destroy damage".split())
TERRITORY_VERBS = frozenset(
    "retake retook retaken recapture capture seize take took taken liberate wrest regain free reclaim".split()
)
# "Idlib, which is held by Nusra": who holds the place, not who struck it.
CONTROL_VERBS = frozenset("hold control run besiege dominate govern occupy administer".split())
BACKING_VERBS = frozenset("back support assist aid accompany cover reinforce help".split())
SUPPORT_NOUNS = frozenset("support backing cover help assistance reinforcement reinforcements".split())
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod"})
VICTIM_VERBS = frozenset(
    "kill injure wound die hurt maim massacre execute behead shoot claim killing death injury".split()
)
# "the dead children", "people killed when ...", "bodies of children": the phrase itself says they were hit.
VICTIM_MARKS = frozenset("dead killed wounded injured slain body bodies".split())
_POSSESSIVE = re.compile(r"(?:['’]s|s|['’])\b")
_AND_GAP = re.compile(r"^\s*(?:,|and|&)\s*(?:the\s+)?$", re.IGNORECASE)
NEAR_PREPS = frozenset({"near", "outside", "beside", "next"})
POST_NOUNS = frozenset(
    "checkpoint position base post outpost headquarters barracks vehicle convoy patrol".split()
)
PATIENT_PREPS = frozenset({"on", "against", "upon", "at", "toward", "towards", "into", "with"})


@dataclass(frozen=True, slots=True)
class Roles:
    """Who did it (actor1, with associated actors) and to whom (actor2), for one trigger."""

    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc_actor_1: tuple[ActorMention, ...] = ()
    assoc_actor_2: tuple[ActorMention, ...] = ()

    @property
    def civilian_targeting(self) -> bool:
        """Civilians were the target of an armed actor (ACLED's civilian_targeting)."""
        return (
            self.actor2 is not None
            and self.actor2.actor.inter == 7
            and (self.actor1 is None or self.actor1.actor.inter != 7)
        )


def order_side(side: list[ActorMention]) -> list[ActorMention]:
    """One entry per actor; a state's own forces before foreign forces and allied militias on the same
    side (ACLED)."""
    unique: list[ActorMention] = []
    for m in side:
        if all(u.actor.actor_id != m.actor.actor_id for u in unique):
            unique.append(m)
    if len(unique) > 1 and unique[0].actor.inter in (3, 8):  # "Hezbollah and the Syrian army": the army
        home = [m for m in unique if m.actor.inter == 1]
        if home:
            unique.remove(home[0])
            unique.insert(0, home[0])
    return unique


def with_conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(with_conjuncts(c))
    return out


def mention_under(tok: Token, mentions: Sequence[ActorMention]) -> ActorMention | None:
    """The mention at `tok`, else the one nearest to it in its phrase ("a position of the Syrian Army")."""
    for m in mentions:
        if m.start <= tok.idx < m.end:
            return m
    best: tuple[tuple[bool, int], ActorMention] | None = None
    text = doc_text(tok.doc)
    for sub in tok.subtree:
        if sub.dep_ in ("conj", "relcl", "acl", "advcl", "appos") and sub.i != tok.i:
            continue
        if any(a.dep_ in ("conj", "relcl", "advcl") for a in _path(sub, tok)):
            continue
        for m in mentions:
            if m.start <= sub.idx < m.end:
                # an owner ("Al-Qaeda's former branch") only when no other actor is in the phrase
                key = (_POSSESSIVE.match(text, m.end) is not None, len(_path(sub, tok)))
                if best is None or key < best[0]:
                    best = (key, m)
    return best[1] if best else None


def _path(tok: Token, top: Token) -> list[Token]:
    """Tokens from `tok` up to (not including) `top`."""
    out = []
    while tok.i not in (top.i, tok.head.i):
        out.append(tok)
        tok = tok.head
    return out


def _noun_roles(noun: Token, agents: list[Token], patients: list[Token], pairs: list[Token]) -> None:
    """Roles inside an event noun phrase: "Russian airstrikes", "attacks by X on Y", "clashes between"."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod") and c.pos_ in ("ADJ", "PROPN", "NOUN", "PRON"):
            agents.append(c)
        elif c.dep_ == "prep":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if c.lower_ == "by":
                agents.extend(objs)
            elif c.lower_ == "between":
                for o in objs:
                    pairs.extend(with_conjuncts(o))
            elif c.lower_ in PATIENT_PREPS:
                patients.extend(objs)
        elif c.dep_ in ("acl", "relcl") and c.lemma_ in HARM_VERBS:
            patients.extend(o for o in c.children if o.dep_ == "dobj")
        elif c.dep_ in ("acl", "relcl") and c.lemma_ not in CONTROL_VERBS:  # "shells fired by X"
            for prep in c.children:
                if prep.dep_ in ("agent", "prep") and prep.lower_ in ("by", "from"):
                    agents.extend(o for o in prep.children if o.dep_ == "pobj")


def role_tokens(root: Token) -> tuple[list[Token], list[Token], list[Token]]:
    """Heads of the agent phrases, the patient phrases, and "between X and Y" pairs for a trigger.

    A noun trigger is followed up its phrase ("rocket" -> "rocket shells" -> "attacks with rocket
    shells") collecting roles on the way, up to the verb that governs it, whose roles are the event's.
    """
    agents: list[Token] = []
    patients: list[Token] = []
    pairs: list[Token] = []
    noun = root
    for _ in range(4):
        if noun.pos_ in ("VERB", "AUX"):
            _verb_roles(noun, noun, agents, patients)
            return agents, patients, pairs
        _noun_roles(noun, agents, patients, pairs)
        head = noun.head
        if noun.dep_ in ("compound", "amod", "nmod") and head.pos_ in ("NOUN", "PROPN") and head.i != noun.i:
            noun = head  # "rocket shells", "car bomb"
        elif noun.dep_ == "pobj" and head.lower_ in ("with", "of") and head.head.pos_ in ("NOUN", "PROPN"):
            noun = head.head  # "attacks with rocket shells", "a series of blasts"
        else:
            break
    if noun.dep_ in ("dobj", "obj", "nsubjpass") and noun.head.pos_ == "VERB":
        _verb_roles(noun.head, noun, agents, patients)  # "carried out raids", "fired rocket shells"
    elif noun.dep_ in ("nsubj", "dep") and noun.head.pos_ == "VERB":
        verb = noun.head  # "airstrikes killed 12 civilians"; "the clashes pitted X against Y"
        objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        against = [
            o
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in PATIENT_PREPS
            for o in c.children
            if o.dep_ == "pobj"
        ]
        if objs and against and verb.lemma_ in ("pit", "involve", "oppose", "set"):
            agents.extend(objs)
            patients.extend(against)
        else:
            # "the Syrian Air Force and the Russian Aerospace Forces carried out ..." when the trigger is
            # the subject itself: the subject phrase (with its conjuncts) is the agent side
            agents.insert(0, noun)
            _verb_roles(verb, noun, [], patients)  # its objects, "on X", "..., killing X"
            _backers(verb, agents)
    elif noun.dep_ == "pobj":
        # "killed in an airstrike", "injured due to attacks": the verb above the preposition
        up = noun.head
        for _ in range(3):
            if up.pos_ == "VERB":
                _verb_roles(up, noun, agents, patients)
                break
            if up.head.i == up.i:
                break
            up = up.head
    return agents, patients, pairs


def _verb_roles(verb: Token, trigger: Token, agents: list[Token], patients: list[Token]) -> None:
    """Subject and "by" phrase are agents; object, passive subject and "on/against X" are patients."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if not subj:  # "IS attacked ...": the tagger reads the acronym "IS" as the verb "is"
        subj = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.text.isupper() and len(c) > 1]
    if not subj and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        subj = [c for c in verb.head.children if c.dep_ in ("nsubj", "csubj")]
    agents.extend(s for s in subj if s.i != trigger.i)
    for s in subj:
        _backers(s, agents)
    _backers(verb, agents)
    for c in verb.children:
        if c.i == trigger.i:
            continue
        if c.dep_ == "agent":
            agents.extend(o for o in c.children if o.dep_ == "pobj")
        elif c.dep_ in ("dobj", "obj", "nsubjpass"):
            patients.append(c)
            if verb.lemma_ in TERRITORY_VERBS:  # "retook [Khan Shaykhun from HTS]" parsed inside the object
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ == "from":
                        patients[-1:] = [o for o in p.children if o.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ in PATIENT_PREPS and not _is_support(c):
            patients.extend(o for o in c.children if o.dep_ == "pobj")
        elif c.dep_ == "prep" and c.lower_ in NEAR_PREPS:
            # "exploded near a checkpoint of the Syrian Army": the owner of the post it hit
            patients.extend(o for o in c.children if o.dep_ == "pobj" and o.lemma_.lower() in POST_NOUNS)
        elif c.dep_ == "prep" and c.lower_ == "from" and verb.lemma_ in TERRITORY_VERBS:
            patients.extend(o for o in c.children if o.dep_ == "pobj")  # "retook the town from IS"
        elif c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_ in HARM_VERBS:
            patients.extend(o for o in c.children if o.dep_ in ("dobj", "obj"))


def _is_support(prep: Token) -> bool:
    """ "with Russian air support", "with the backing of Iran": helpers, not targets."""
    return prep.lower_ == "with" and any(
        o.dep_ == "pobj" and o.lemma_.lower() in SUPPORT_NOUNS for o in prep.children
    )


def _backers(tok: Token, agents: list[Token]) -> None:
    """Allies named with the actor ("backed by Russian warplanes", "with Russian air support") join
    its side after it, so they become associated actors."""
    for c in tok.children:
        if c.dep_ in ("acl", "relcl", "advcl") and c.lemma_ in BACKING_VERBS:
            for a in c.children:
                if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by"):
                    agents.extend(o for o in a.children if o.dep_ == "pobj")
        elif c.dep_ == "prep" and _is_support(c):
            for o in c.children:
                if o.dep_ == "pobj":
                    agents.extend(x for x in o.subtree if x.dep_ in ("amod", "compound", "poss", "pobj"))


def coordinated_after(
    text: str, side: Sequence[ActorMention], mentions: Sequence[ActorMention]
) -> list[ActorMention]:
    """ "between the SDF and IS" when the parser lost the second conjunct (it reads "IS" as a verb)."""
    if not side:
        return []
    last = side[-1]
    for m in mentions:
        if m.start > last.end and _AND_GAP.match(text[last.end : m.start]):
            return [m]
    return []


def antecedent(
    doc: Doc, at: Span, earlier: Sequence[ActorMention], kinds: frozenset[str]
) -> ActorMention | None:
    """The earlier compatible mention a description refers to, in its sentence or the one before (wire
    copy runs short items together, so a longer reach picks the last item's group): a subject first."""
    compatible = [m for m in earlier if m.actor.kind in kinds]
    if not compatible:
        return None
    sent = at.root.sent
    window_start = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    recent = [m for m in compatible if m.start >= window_start]
    # A group the text named outranks an earlier guess ("terrorists" taken for Rebel Groups (X)):
    # "ISIS targeted the town. ... terrorist groups fired 13 shells" is IS.
    named = [m for m in recent if m.score >= 1.0]
    for group in (named, recent):
        for m in reversed(group):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            if root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "pobj" and root.head.dep_ == "agent"):
                return m
        if group:
            # A generic description seldom reaches further back than a few sentences.
            return group[-1]
    return None


def owner_named(head: Token, resolved: Sequence[ActorMention]) -> bool:
    """The head noun has an "of" phrase that names an actor ("base of the NDF")."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            lo, hi = prep.left_edge.idx, prep.right_edge.idx + len(prep.right_edge)
            if any(lo <= m.start < hi for m in resolved):
                return True
    return False


def names_inside(span: Span, resolved: Sequence[ActorMention]) -> bool:
    """A mention already sits in the description's modifiers or its "of" phrase."""
    for tok in span:
        for child in tok.children:
            if child.i >= span.start and child.i < span.end:
                continue
            if child.dep_ in MODIFIER_DEPS or (child.dep_ == "prep" and child.lower_ in ("of", "from")):
                lo, hi = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
                if any(lo <= m.start < hi for m in resolved):
                    return True
    return False


def victims_near(trigger: Trigger, doc: Doc, mentions: Sequence[ActorMention]) -> ActorMention | None:
    """The nearest civilians that the sentence, the one before or the next say were killed or hurt,
    when the tree does not tie them to the trigger ("Air strikes hit the market. Ten people died.")."""
    span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.root.sent
    end = doc[sent.end].sent.end_char if sent.end < len(doc) else sent.end_char
    start = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    for m in sorted(mentions, key=lambda m: abs(m.start - trigger.start)):
        if not (start <= m.start < end) or m.actor.kind != "civilians":
            continue
        tok = doc.char_span(m.start, m.end, alignment_mode="expand")
        if tok is None:
            continue
        up = tok.root
        if any(c.lower_ in VICTIM_MARKS or c.lemma_.lower() in VICTIM_VERBS for c in up.children) or (
            up.dep_ == "pobj" and up.head.head.lower_ in VICTIM_MARKS
        ):
            return replace(m, score=round(m.score * 0.8, 3))
        for _ in range(3):
            if up.lemma_.lower() in VICTIM_VERBS:
                return replace(m, score=round(m.score * 0.8, 3))
            if up.head.i == up.i:
                break
            up = up.head
    return None
