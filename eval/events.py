#!/usr/bin/env python3
"""Score a graph's events against held-out gold: detection P/R/F1 and cross-article B³.

usage: python eval/events.py GRAPH GOLD.json ARTICLE_DIR [--ontology FILE ...] [--only h07,h08] [--json OUT]

The gold is the format of ``shared/eval/gold/dev.json`` and ``eval/heldout/gold.json``.
What this adds to the shared scorer (``shared/eval/score.py``):

* every event type of the ontology counts, not only the seven core types: a gold
  type matches an output event whose type is it or lies below it (``skos:broader``),
  so "Protest" or "Disapproval" events are scored too. A gold event is required
  unless marked ``"required": false``; ``"required_cameo"`` overrides that here
  (the shared scorer cannot score types outside the core, so such events carry
  ``"required": false`` for it and ``"required_cameo": true`` for this script);
* cross-article coreference as B³ (Bagga and Baldwin 1998). The items are the
  gold events as found in each article: (gold event, article) pairs that some
  output event matches there. Each item goes to the output node that matches it
  (the node with the most mentions on its evidence); gold clusters are the gold
  events. Per item, precision is the share of its node's items that belong to its
  gold event, recall the share of its gold event's items that its node holds.
  Detection errors are scored by the detection figures, not here. For reference
  the figure is also given for the same items with no cross-article merging (each
  article's items apart: what a per-article key that never matches gives);
* argument accuracy (agent, target, place, date; the shared scorer's rules), the
  attempted/foiled modality where the gold states one, and negated events asserted.

``--only`` restricts the gold to some articles (by their three-character prefix),
e.g. to score the seeds-like articles and the others apart.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import RDF, RDFS, SKOS

NKG = Namespace("https://w3id.org/newskg/ontology#")


def norm(s: str) -> str:
    """The shared scorer's label normalisation."""
    s = unicodedata.normalize("NFKC", str(s)).lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"\b(u\.s\.a\.|u\.s\.|usa)\b", "us", s)
    s = re.sub(r"[^\w\s-]", " ", s).replace("-", " ")
    s = re.sub(r"^(the|a|an|our|its|their)\s+", "", s.strip())
    return re.sub(r"\s+", " ", s).strip()


def f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def load(path: str, ontologies: list[str]) -> Graph:
    ds = Dataset()
    suffix = Path(path).suffix.lower()
    fmt = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}.get(suffix)
    ds.parse(path, format=fmt) if fmt else ds.parse(path)
    g = Graph()
    for ctx in ds.graphs():
        for t in ctx:
            g.add(t)
    for o in ontologies:
        g.parse(o)
    return g


def local(iri) -> str:
    return str(iri).split("#")[-1]


class Events:
    """The graph's events, with their types (and every broader type), mentions and arguments."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.nodes = {}
        for n in set(g.subjects(RDF.type, NKG.Event)):
            types = set()
            todo = list(g.objects(n, NKG.eventType))
            while todo:
                t = todo.pop()
                if local(t) not in types:
                    types.add(local(t))
                    todo.extend(g.objects(t, SKOS.broader))
            mentions = []
            for m in g.objects(n, NKG.mention):
                a, s, e = g.value(m, NKG.article), g.value(m, NKG.start), g.value(m, NKG.end)
                if a is not None and s is not None and e is not None:
                    mentions.append((a, int(s), int(e)))
            self.nodes[n] = (types, mentions)

    def labels(self, node) -> set[str]:
        return {norm(x) for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel) for x in self.g.objects(node, p)}


def find_articles(g: Graph, gold: dict, files: dict[str, str]) -> tuple[dict, dict]:
    """Each gold article's node: the article whose text holds most of its evidence (the shared scorer's rule)."""
    anchors = defaultdict(list)
    for e in gold["events"]:
        for k, evs in e["evidence"].items():
            anchors[k].extend(evs)
    for s in gold["statements"]:
        anchors[s["article"]].append(s["text"])
    nodes, texts = {}, {}
    for a in set(g.subjects(NKG.text, None)):
        text = str(g.value(a, NKG.text))
        for k in files:
            if sum(x in text for x in anchors[k]) >= max(1, len(anchors[k]) // 2):
                nodes[k], texts[a] = a, text
    return nodes, texts


def spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    out = []
    for x in needles:
        i = text.find(x)
        while i >= 0:
            out.append((i, i + len(x)))
            i = text.find(x, i + 1)
    return out


def b_cubed(items: dict[tuple[str, str], object]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of items (gold key, article) assigned to system clusters."""
    if not items:
        return 0.0, 0.0, 0.0
    by_sys, by_gold = defaultdict(set), defaultdict(set)
    for item, node in items.items():
        by_sys[node].add(item)
        by_gold[item[0]].add(item)
    p = r = 0.0
    for item, node in items.items():
        both = len(by_sys[node] & by_gold[item[0]])
        p += both / len(by_sys[node])
        r += both / len(by_gold[item[0]])
    p, r = p / len(items), r / len(items)
    return p, r, f1(p, r)


def required(e: dict) -> bool:
    return e.get("required_cameo", e.get("required", True))


def score(g: Graph, gold: dict, only: set[str] | None = None) -> dict:
    files = {name[:3]: name for name in gold["articles"] if only is None or name[:3] in only}
    gold_events = [
        {**e, "evidence": {k: v for k, v in e["evidence"].items() if k in files},
         "articles": [a for a in e["articles"] if a in files]}
        for e in gold["events"]
    ]
    gold_events = [e for e in gold_events if e["articles"]]
    gold = {**gold, "events": gold_events, "statements": [s for s in gold["statements"] if s["article"] in files]}
    art_nodes, art_text = find_articles(g, gold, files)
    ev = Events(g)
    ents = {e["key"]: {norm(x) for x in [e["label"], *e["aliases"]]} for e in gold["entities"]}

    def overlapping(node, k, sp) -> int:
        a = art_nodes.get(k)
        return sum(1 for m in ev.nodes[node][1] for (s, e) in sp if m[0] == a and m[1] < e and s < m[2])

    hit_by = defaultdict(set)
    found: dict[str, dict[str, dict]] = {}
    for ge in gold_events:
        ok = {ge["type"], *ge.get("also_ok", [])}
        found[ge["key"]] = {}
        for k, evs in ge["evidence"].items():
            if k not in art_nodes:
                continue
            sp = spans(art_text[art_nodes[k]], evs)
            for n, (types, _) in ev.nodes.items():
                c = overlapping(n, k, sp) if types & ok else 0
                if c:
                    hit_by[n].add(ge["key"])
                    found[ge["key"]].setdefault(k, {})[n] = c
    req = [e for e in gold_events if required(e)]
    in_scope = [n for n, (_, ms) in ev.nodes.items() if any(m[0] in art_text for m in ms)]
    prec = sum(1 for n in in_scope if hit_by.get(n)) / len(in_scope) if in_scope else 0.0
    rec = sum(1 for e in req if found[e["key"]]) / len(req) if req else 0.0
    out = {"event_precision": prec, "event_recall": rec, "event_f1": f1(prec, rec),
           "output_events": len(in_scope), "gold_events": len(req)}

    by_key = {e["key"]: e for e in gold_events}
    arg_ok = arg_n = mod_ok = mod_n = 0
    for n, keys in hit_by.items():
        for key in keys:
            ge = by_key[key]
            for role, prop in (("agent", NKG.agent), ("target", NKG.target), ("place", NKG.place)):
                if ge[role]:
                    arg_n += 1
                    want = set().union(*(ents.get(k, set()) for k in ge[role]))
                    arg_ok += any(ev.labels(x) & want for x in g.objects(n, prop))
            if ge.get("date"):
                arg_n += 1
                arg_ok += any(str(d)[:10] == ge["date"] for d in g.objects(n, NKG.date))
            if ge.get("modality"):
                mod_n += 1
                mod_ok += any(local(m).lower() == ge["modality"] for m in g.objects(n, NKG.modality))
    out["argument_accuracy"] = arg_ok / arg_n if arg_n else 0.0
    out["modality_accuracy"] = mod_ok / mod_n if mod_n else 0.0

    items, apart = {}, {}
    for key, per_article in found.items():
        for k, nodes in per_article.items():
            items[(key, k)] = max(nodes, key=lambda n: (nodes[n], str(n)))
            apart[(key, k)] = (k, items[(key, k)])
    out["b3_precision"], out["b3_recall"], out["b3_f1"] = b_cubed(items)
    out["b3_f1_without_merging"] = b_cubed(apart)[2]
    multi = [e for e in req if len(e["articles"]) > 1]
    out["merged_across_articles"] = (
        sum(1 for e in multi if len(found[e["key"]]) == len(e["articles"])
            and set.intersection(*(set(v) for v in found[e["key"]].values()))) / len(multi) if multi else 0.0
    )
    asserted = []
    for ng in gold.get("negatives", []):
        if ng["article"] in art_nodes:
            sp = spans(art_text[art_nodes[ng["article"]]], [ng["evidence"]])
            asserted += [f'{ng["article"]}: {ng["evidence"]}' for n, (types, _) in ev.nodes.items()
                         if types & set(ng["types"]) and overlapping(n, ng["article"], sp)]
    out["negated_events_asserted"] = len(asserted)
    out["negated_but_asserted"] = asserted
    out["missing"] = sorted(e["key"] for e in req if not found[e["key"]])
    out["unmatched_output"] = sorted(
        " | ".join(sorted({art_text[m[0]][m[1]:m[2]] for m in ev.nodes[n][1] if m[0] in art_text}))[:120]
        for n in in_scope if not hit_by.get(n)
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph")
    ap.add_argument("gold")
    ap.add_argument("articles", help="the article folder (unused: articles are found in the graph by their text)")
    ap.add_argument("--ontology", action="append", default=[])
    ap.add_argument("--only", help="comma-separated article prefixes (h07,h08) to score")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--verbose", action="store_true",
                    help="list missing gold events, unmatched output events and asserted negatives")
    args = ap.parse_args(argv)
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    only = set(args.only.split(",")) if args.only else None
    out = score(load(args.graph, args.ontology), gold, only)
    print(f"events: P={out['event_precision']:.2f} R={out['event_recall']:.2f} F1={out['event_f1']:.2f} "
          f"args={out['argument_accuracy']:.2f} modality={out['modality_accuracy']:.2f} "
          f"negated-but-asserted={out['negated_events_asserted']} "
          f"(output {out['output_events']}, gold {out['gold_events']})")
    print(f"cross-article: B3 P={out['b3_precision']:.2f} R={out['b3_recall']:.2f} F1={out['b3_f1']:.2f} "
          f"(without merging {out['b3_f1_without_merging']:.2f}); merged {out['merged_across_articles']:.2f}")
    if args.verbose:
        print("  missing:", ", ".join(out["missing"]))
        for u in out["unmatched_output"]:
            print("  not in gold:", u)
        for n in out["negated_but_asserted"]:
            print("  negated in gold, asserted:", n)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
