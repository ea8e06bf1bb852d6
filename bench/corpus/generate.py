"""The benchmark corpus's four large maps, from fixed seeds: ``python bench/corpus/generate.py``.

Writes ``synthetic-120.yaml``, ``realistic-215.yaml``, ``large-deep.yaml`` and
``large-wide.yaml`` beside this file (``--check`` only compares and exits 1 when
a committed file differs).  Each map has its own topic, vocabulary and shape,
so none is another with the words changed:

* ``synthetic-120``: about 120 boxes grown at random under random parents (bushy
  near the centre, up to four levels), the kind of map issue 13 measured;
  urgent and emergency care.
* ``realistic-215``: 40 key themes with 3 to 6 sub-themes each, 2 quotes and 4
  connections (215 boxes): barriers to adopting innovations in integrated care
  systems, as an analyst's codebook would have them.
* ``large-deep``: about 150 boxes, 4 key themes nested 5 levels deep: living
  with long-term conditions.
* ``large-wide``: about 150 boxes, 32 key themes one level deep: community
  pharmacy services.

Every theme has a count, a sub-theme's count never exceeds its parent's and the
map's count is the largest of all, so ``mindmap validate --strict`` passes.
The same seed gives the same bytes on every machine (``random.Random`` with a
fixed seed, no set or dict iteration that depends on hashing).
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Iterator

__all__ = ["MAPS", "Map", "Node", "build_all", "main", "to_yaml"]

HERE: Final = Path(__file__).resolve().parent
SEED: Final = 20240311


@dataclass
class Node:
    """A theme or sub-theme: label, count and children."""

    label: str
    n: int
    id: str | None = None
    description: str | None = None
    children: list[Node] = field(default_factory=list)

    def walk(self, depth: int = 1) -> Iterator[tuple[Node, int]]:
        yield self, depth
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass
class Map:
    """One generated map, in the order its YAML is written."""

    id: str
    title: str
    headline: str
    hypothesis: str
    n: int
    themes: list[Node]
    connections: list[tuple[str, str, str | None]]
    quotes: list[tuple[str, str, str]]  # text, attribution, key theme id
    source: str
    shape: str

    @property
    def boxes(self) -> int:
        """Headline, themes, sub-themes and quotes: the boxes of the figure."""
        return 1 + sum(1 for t in self.themes for _ in t.walk()) + len(self.quotes)


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:40].rstrip("-")


def _child_count(rng: random.Random, parent: int) -> int:
    """A sub-theme's count: at least 1, at most its parent's, usually well under it."""
    return max(1, min(parent, round(parent * rng.uniform(0.15, 0.65))))


class _Labels:
    """Unique labels (case-insensitive) drawn from qualifier x noun pools."""

    def __init__(self, rng: random.Random, qualifiers: tuple[str, ...], nouns: tuple[str, ...]) -> None:
        self.rng, self.qualifiers, self.nouns = rng, qualifiers, nouns
        self.used: set[str] = set()

    def reserve(self, label: str) -> str:
        self.used.add(label.casefold())
        return label

    def draw(self) -> str:
        for _ in range(10_000):
            label = f"{self.rng.choice(self.qualifiers)} {self.rng.choice(self.nouns)}"
            if label.casefold() not in self.used:
                return self.reserve(label)
        raise RuntimeError("label pools exhausted")


# --- synthetic-120: urgent and emergency care -------------------------------------------------------------------

_UEC_KEYS: Final = (
    "Ambulance handover delays",
    "Corridor care",
    "Same-day emergency care",
    "Mental health in the emergency department",
    "Discharge to assess",
    "NHS 111 and clinical assessment",
    "Frailty at the front door",
    "Urgent community response",
    "Staffing the emergency department",
)
_UEC_QUALIFIERS: Final = (
    "Delayed",
    "Missed",
    "Overnight",
    "Weekend",
    "Unclear",
    "Repeated",
    "Same-day",
    "Shared",
    "Late",
    "Early",
    "Paper-based",
    "Out-of-hours",
    "Local",
    "Escalated",
    "Duplicated",
)
_UEC_NOUNS: Final = (
    "ambulance handovers",
    "discharge letters",
    "mental health assessments",
    "frailty reviews",
    "bed meetings",
    "transport home",
    "pharmacy checks",
    "social care referrals",
    "senior reviews",
    "triage decisions",
    "call-backs to patients",
    "care packages",
    "falls assessments",
    "safeguarding referrals",
    "observations",
    "medicines reconciliation",
    "capacity reports",
    "patient moves",
    "board rounds",
    "test results",
)
_ROLES_UEC: Final = (
    "Paramedic",
    "Emergency department nurse",
    "Patient's son",
    "Discharge coordinator",
    "Consultant in emergency medicine",
    "NHS 111 clinical adviser",
    "Care home manager",
)
_UEC_QUOTES: Final = (
    "We had eleven ambulances outside and the crews were doing observations in the car park.",
    "The patient was medically fit on Monday and still with us on Friday, waiting for a package of care.",
    "Same-day emergency care works brilliantly until two in the afternoon, when the referrals stop being accepted.",
    "Nobody told us she had come home, so the carers turned up at the hospital to collect her.",
    "I spent the night on a trolley in the corridor next to the toilets, with a sheet pinned up for privacy.",
    "If the call-back comes after six, half of our patients have already gone to the emergency department.",
    "The frailty team saw him within the hour and he went home the same evening with a follow-up booked.",
)


def synthetic_120(rng: random.Random) -> Map:
    labels = _Labels(rng, _UEC_QUALIFIERS, _UEC_NOUNS)
    keys = [Node(labels.reserve(label), rng.randint(40, 160), id=_slug(label)) for label in _UEC_KEYS]
    open_parents: list[tuple[Node, int]] = [(k, 1) for k in keys]
    made = len(keys)
    while made < 112:  # 9 key themes + 103 sub-themes; with the headline and 7 quotes, 120 boxes
        parent, depth = open_parents[rng.randrange(len(open_parents))]
        child = Node(labels.draw(), _child_count(rng, parent.n))
        parent.children.append(child)
        made += 1
        if depth + 1 < 4:
            open_parents.append((child, depth + 1))
    quote_themes = rng.sample([k.id or "" for k in keys], 7)
    quotes = [(text, rng.choice(_ROLES_UEC), theme) for text, theme in zip(_UEC_QUOTES, quote_themes)]
    ids = [k.id or "" for k in keys]
    connections = [
        (ids[0], ids[1], "worsens"),
        (ids[2], ids[6], None),
        (ids[4], ids[7], "relies on"),
        (ids[3], ids[8], None),
    ]
    return Map(
        id="synthetic-120",
        title="Urgent and emergency care this winter: a synthetic map of about 120 boxes",
        headline="Where patients wait in urgent and emergency care, and why",
        hypothesis="",
        n=max(k.n for k in keys) + 90,
        themes=keys,
        connections=connections,
        quotes=quotes,
        source="Generated by bench/corpus/generate.py for the mindmap legibility benchmark (seeded); the counts "
        "are illustrative.",
        shape="about 120 boxes grown under random parents, up to 4 levels, 7 quotes, 4 connections",
    )


# --- realistic-215: barriers to adopting innovation in integrated care systems -----------------------------------

_ICS_KEYS: Final = (
    ("Remote monitoring at home", "remote monitoring"),
    ("Shared care records", "shared care records"),
    ("Procurement frameworks", "procurement"),
    ("Business cases for innovation", "business cases"),
    ("Clinical safety sign-off", "clinical safety cases"),
    ("Information governance", "data sharing agreements"),
    ("Digital maturity of trusts", "digital maturity"),
    ("Workforce capacity", "backfill for staff"),
    ("Clinical champions", "clinical champions"),
    ("Patient and public involvement", "patient involvement"),
    ("Health inequalities", "equity impact assessments"),
    ("Evaluation and evidence", "local evaluation"),
    ("Real-world evidence", "real-world evidence"),
    ("Funding after the pilot", "recurrent funding"),
    ("Tariff and payment rules", "payment rules"),
    ("Primary care networks", "primary care networks"),
    ("Community pharmacy", "pharmacy services"),
    ("Social care providers", "care home adoption"),
    ("Voluntary sector partners", "voluntary sector partners"),
    ("Interoperability standards", "interoperability"),
    ("Cyber security checks", "cyber security checks"),
    ("Estates and space", "clinic space"),
    ("Training and digital skills", "digital skills training"),
    ("Leadership and sponsorship", "executive sponsorship"),
    ("Culture of risk aversion", "appetite for risk"),
    ("Competing priorities", "competing priorities"),
    ("Elective recovery pressure", "elective recovery"),
    ("Winter pressures", "winter planning"),
    ("Industry partnerships", "supplier relationships"),
    ("Academic partners", "academic partnerships"),
    ("Health innovation networks", "health innovation network support"),
    ("National programmes", "national programmes"),
    ("Regulation and approvals", "regulatory approval"),
    ("Benefits realisation", "benefits tracking"),
    ("Decommissioning old services", "decommissioning"),
    ("Scaling beyond one place", "spread to other places"),
    ("Local adaptation", "local adaptation"),
    ("Sustainability and net zero", "carbon reduction"),
    ("Communications with the public", "public communications"),
    ("Measuring patient outcomes", "outcome measures"),
)
_ICS_TEMPLATES: Final = (
    "No single owner of {n}",
    "{N} funded only for the pilot",
    "Slow sign-off for {n}",
    "Different rules for {n} in each trust",
    "Learning on {n} not shared",
    "No protected time for {n}",
    "Patients not asked about {n}",
    "Good local examples of {n}",
    "{N} measured differently by each provider",
    "National guidance on {n} arriving late",
    "Board papers silent on {n}",
    "Clinicians sceptical of {n}",
)
_ICS_QUOTES: Final = (
    (
        "Every trust in the system wanted its own clinical safety case, so the same product was assessed six times "
        "over eighteen months.",
        "Chief clinical information officer",
        4,
    ),
    (
        "The pilot worked, the evaluation said so, and then the money stopped and the nurses went back to their old "
        "jobs.",
        "Programme manager, integrated care board",
        13,
    ),
)


def realistic_215(rng: random.Random) -> Map:
    counts = [3, 4, 5, 6]
    sizes = [rng.choice(counts) for _ in _ICS_KEYS]
    while sum(sizes) != 172:  # 1 headline + 40 key themes + 172 sub-themes + 2 quotes = 215 boxes
        i = rng.randrange(len(sizes))
        if sum(sizes) > 172 and sizes[i] > 3:
            sizes[i] -= 1
        elif sum(sizes) < 172 and sizes[i] < 6:
            sizes[i] += 1
    keys = []
    for (label, noun), size in zip(_ICS_KEYS, sizes):
        key = Node(label, rng.randint(18, 140), id=_slug(label))
        for template in rng.sample(_ICS_TEMPLATES, size):
            text = template.replace("{n}", noun).replace("{N}", noun[0].upper() + noun[1:])
            key.children.append(Node(text, _child_count(rng, key.n)))
        keys.append(key)
    ids = [k.id or "" for k in keys]
    connections = [
        (ids[0], ids[19], "needs"),
        (ids[3], ids[13], None),
        (ids[11], ids[12], "feeds"),
        (ids[7], ids[22], None),
    ]
    quotes = [(text, who, ids[i]) for text, who, i in _ICS_QUOTES]
    return Map(
        id="realistic-215",
        title="Why innovations stall in integrated care systems: the whole codebook",
        headline="Barriers and enablers to adopting proven innovations, as coded from the call for evidence",
        hypothesis="Proven innovations spread when systems remove the barriers they share rather than each trust "
        "solving them again.",
        n=1184,
        themes=keys,
        connections=connections,
        quotes=quotes,
        source="Generated by bench/corpus/generate.py for the mindmap legibility benchmark (seeded): 40 key themes "
        "with 3 to 6 sub-themes each; the counts are illustrative.",
        shape="40 key themes, 3-6 sub-themes each (172), 2 quotes, 4 connections: 215 boxes",
    )


# --- large-deep: living with long-term conditions ----------------------------------------------------------------

_LTC_KEYS: Final = (
    ("Diabetes", "diabetes"),
    ("Chronic obstructive pulmonary disease", "copd"),
    ("Heart failure", "heart-failure"),
    ("Chronic kidney disease", "kidney"),
)
_LTC_QUALIFIERS: Final = (
    "Annual",
    "Missed",
    "Group",
    "Remote",
    "Nurse-led",
    "Shared",
    "Written",
    "Home",
    "Online",
    "Peer-led",
    "Structured",
    "Specialist",
    "Pharmacist",
    "Repeat",
    "Self-referral to",
    "Evening",
)
_LTC_NOUNS: Final = {  # each condition's own vocabulary, so a branch reads as one condition's care
    "diabetes": (
        "foot checks",
        "eye screening",
        "HbA1c tests",
        "structured education",
        "insulin starts",
        "weight checks",
        "dietitian advice",
        "glucose monitoring",
        "kidney function tests",
        "peer groups",
    ),
    "copd": (
        "inhaler technique reviews",
        "pulmonary rehabilitation",
        "rescue packs",
        "oxygen assessments",
        "spirometry",
        "breathlessness clinics",
        "smoking cessation",
        "vaccination reminders",
        "chest clinic visits",
    ),
    "heart-failure": (
        "weight monitoring",
        "fluid advice",
        "diuretic reviews",
        "cardiac rehabilitation",
        "echo scans",
        "nurse home visits",
        "ankle swelling checks",
        "salt advice",
        "palliative care talks",
    ),
    "kidney": (
        "blood pressure reviews",
        "eGFR blood tests",
        "dialysis planning",
        "medicine dose checks",
        "renal dietitian advice",
        "anaemia checks",
        "transplant work-up",
        "urine tests",
        "renal clinic letters",
    ),
}
_LTC_QUOTES: Final = (
    (
        "I only understood what my numbers meant after the group course, eleven years after diagnosis.",
        "Person living with type 2 diabetes",
        "diabetes",
    ),
    (
        "The rescue pack sits in the drawer because nobody showed me when I am supposed to start it.",
        "Person living with COPD",
        "copd",
    ),
    (
        "Weighing myself every morning felt pointless until the nurse rang the day my ankles swelled.",
        "Person living with heart failure",
        "heart-failure",
    ),
)


def large_deep(rng: random.Random) -> Map:
    pools = {ident: _Labels(rng, _LTC_QUALIFIERS, _LTC_NOUNS[ident]) for _, ident in _LTC_KEYS}
    keys = [Node(label, rng.randint(90, 180), id=ident) for label, ident in _LTC_KEYS]
    target = 146  # themes: with the headline and 3 quotes, 150 boxes
    made = len(keys)
    frontier: list[tuple[Node, int, _Labels]] = [(k, 1, pools[k.id or ""]) for k in keys]
    # Depth first down to level 5 along each key theme, then fill breadth at random levels 2-4, so that every
    # key theme reaches five levels and the whole map stays about 150 boxes.
    for key in keys:
        node, labels = key, pools[key.id or ""]
        for depth in range(2, 6):
            child = Node(labels.draw(), _child_count(rng, node.n))
            node.children.append(child)
            made += 1
            frontier.append((child, depth, labels))
            node = child
    while made < target:
        parent, depth, labels = frontier[rng.randrange(len(frontier))]
        if depth >= 5 or len(parent.children) >= 4:
            continue
        child = Node(labels.draw(), _child_count(rng, parent.n))
        parent.children.append(child)
        frontier.append((child, depth + 1, labels))
        made += 1
    connections = [("diabetes", "kidney", "damages"), ("copd", "heart-failure", None)]
    return Map(
        id="large-deep",
        title="Supporting self-management of long-term conditions in primary care",
        headline="What helps people manage their long-term conditions between appointments",
        hypothesis="",
        n=max(k.n for k in keys) + 60,
        themes=keys,
        connections=connections,
        quotes=[(t, a, k) for t, a, k in _LTC_QUOTES],
        source="Generated by bench/corpus/generate.py for the mindmap legibility benchmark (seeded): 4 key themes "
        "nested 5 levels deep; the counts are illustrative.",
        shape="about 150 boxes, 4 key themes, 5 levels, 3 quotes, 2 connections",
    )


# --- large-wide: community pharmacy services ---------------------------------------------------------------------

_PHARM_KEYS: Final = (
    "Pharmacy First consultations",
    "Blood pressure checks",
    "Contraception service",
    "New medicine service",
    "Discharge medicines service",
    "Flu vaccination",
    "COVID-19 vaccination",
    "Smoking cessation",
    "Emergency supply",
    "Minor illness advice",
    "Hypertension case finding",
    "Repeat dispensing",
    "Medicine shortages",
    "Opening hours",
    "Pharmacy closures",
    "Staffing and locums",
    "Training for pharmacy technicians",
    "IT connection to GP records",
    "Referrals from NHS 111",
    "Referrals from GP practices",
    "Funding and fees",
    "Consultation rooms",
    "Public awareness",
    "Rural dispensing",
    "Care home support",
    "Substance misuse services",
    "Sexual health",
    "Weight management",
    "Antimicrobial stewardship",
    "Deliveries to the housebound",
    "Language support",
    "Independent prescribing",
)
_PHARM_ASPECTS: Final = (
    "uptake",
    "waiting times",
    "patient feedback",
    "referral volumes",
    "training needs",
    "paperwork",
    "payment",
    "staff confidence",
    "privacy",
    "local variation",
    "awareness among GPs",
    "out-of-hours cover",
)


def large_wide(rng: random.Random) -> Map:
    sizes = [rng.choice((2, 3, 4, 5)) for _ in _PHARM_KEYS]
    while sum(sizes) != 115:  # 1 headline + 32 key themes + 115 sub-themes + 2 quotes = 150 boxes
        i = rng.randrange(len(sizes))
        if sum(sizes) > 115 and sizes[i] > 2:
            sizes[i] -= 1
        elif sum(sizes) < 115 and sizes[i] < 5:
            sizes[i] += 1
    keys = []
    for label, size in zip(_PHARM_KEYS, sizes):
        key = Node(label, rng.randint(15, 120), id=_slug(label))
        for aspect in rng.sample(_PHARM_ASPECTS, size):
            key.children.append(Node(f"{label}: {aspect}", _child_count(rng, key.n)))
        keys.append(key)
    ids = [k.id or "" for k in keys]
    connections = [(ids[0], ids[18], "fed by"), (ids[12], ids[8], None), (ids[14], ids[23], "hits")]
    quotes = [
        (
            "Since Pharmacy First started we see twenty sore throats a day, and the consultation room is also the "
            "store room.",
            "Community pharmacist, market town",
            ids[0],
        ),
        (
            "I can do the blood pressure check in five minutes; getting the result into the GP record takes longer.",
            "Pharmacy technician",
            ids[1],
        ),
    ]
    return Map(
        id="large-wide",
        title="Community pharmacy services: what pharmacy teams and patients reported",
        headline="How community pharmacy services are working this year",
        hypothesis="",
        n=max(k.n for k in keys) + 45,
        themes=keys,
        connections=connections,
        quotes=quotes,
        source="Generated by bench/corpus/generate.py for the mindmap legibility benchmark (seeded): 32 key themes "
        "one level deep; the counts are illustrative.",
        shape="about 150 boxes, 32 key themes, 2 levels, 2 quotes, 3 connections",
    )


MAPS: Final = {
    "synthetic-120": synthetic_120,
    "realistic-215": realistic_215,
    "large-deep": large_deep,
    "large-wide": large_wide,
}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def to_yaml(m: Map) -> str:
    """The map as a theme file, with a comment saying where it comes from."""
    out = [
        "# yaml-language-server: $schema=../../mindmap.schema.json",
        "# Benchmark corpus (bench/corpus/): GENERATED by bench/corpus/generate.py; edit the generator, not this file.",
        f"# Shape: {m.shape}.",
        f"id: {m.id}",
        f"title: {_q(m.title)}",
    ]
    if m.hypothesis:
        out.append(f"hypothesis: {_q(m.hypothesis)}")
    out += [f"headline: {_q(m.headline)}", f"n: {m.n}", "themes:"]

    def theme(node: Node, indent: str) -> None:
        out.append(f"{indent}- " + (f"id: {node.id}\n{indent}  label: " if node.id else "label: ") + _q(node.label))
        if node.description:
            out.append(f"{indent}  description: {_q(node.description)}")
        out.append(f"{indent}  n: {node.n}")
        if node.children:
            out.append(f"{indent}  subthemes:")
            for child in node.children:
                theme(child, indent + "    ")

    for key in m.themes:
        theme(key, "  ")
    if m.connections:
        out.append("connections:")
        for a, b, label in m.connections:
            out.append(f"  - between: [{a}, {b}]")
            if label:
                out.append(f"    label: {_q(label)}")
    if m.quotes:
        out.append("quotes:")
        for text, who, key in m.quotes:
            out += [f"  - text: {_q(text)}", f"    attribution: {_q(who)}", f"    theme: {key}"]
    out.append(f"source: {_q(m.source)}")
    return "\n".join(out) + "\n"


def build_all() -> dict[str, str]:
    """File name -> YAML text of every generated map."""
    return {f"{name}.yaml": to_yaml(make(random.Random(f"{SEED}:{name}"))) for name, make in MAPS.items()}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    stale = []
    for name, text in build_all().items():
        path = HERE / name
        if check:
            if not path.exists() or path.read_text("utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, "utf-8")
            print(f"wrote {path}")
    if stale:
        print("out of date (run python bench/corpus/generate.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
