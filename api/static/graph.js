// What the query, timeline and map pages share: SPARQL over this server's /sparql, links from any node
// to its page here (/id/...), whatever base IRI the store was built with, and the events of the graph.
"use strict";

const NewsKG = (() => {
  const ENDPOINT = new URL("/sparql", window.location.href).href;
  const PREFIXES = `PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
`;

  async function select(query) {
    const response = await fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: PREFIXES + query,
    });
    if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
    const rows = (await response.json()).results.bindings;
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.value])));
  }

  // The store's instance base, read from an article's IRI (BASE + "article/ID"): once per page.
  let base = null;
  async function storeBase() {
    if (base === null) {
      const rows = await select("SELECT ?a WHERE { ?a a nkg:Article } LIMIT 1");
      const match = rows.length ? /^(.*\/)article\/[^/]+$/.exec(rows[0].a) : null;
      base = match ? match[1] : "";
    }
    return base;
  }

  // The page of a node on this server, or the IRI itself when it is not one of the store's nodes.
  function href(iri) {
    return base && iri.startsWith(base) ? "/id/" + iri.slice(base.length) : iri;
  }

  function link(iri, text) {
    const a = document.createElement("a");
    a.href = href(iri);
    a.title = iri;
    a.textContent = text || iri;
    return a;
  }

  // Every event with its type, when (date, else earliest/latest, else the day it was first reported),
  // agents, targets and places (each with its label).
  async function events() {
    await storeBase();
    const [rows, roles] = await Promise.all([
      select(`SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) (SAMPLE(?tl) AS ?typeLabel)
        (SAMPLE(?d) AS ?date) (SAMPLE(?a) AS ?earliest) (SAMPLE(?z) AS ?latest) (MIN(?r) AS ?reported) WHERE {
        ?e a nkg:Event . OPTIONAL { ?e rdfs:label ?l } OPTIONAL { ?e nkg:eventType ?t OPTIONAL { ?t skos:prefLabel ?tl } }
        OPTIONAL { ?e nkg:date ?d } OPTIONAL { ?e nkg:earliest ?a } OPTIONAL { ?e nkg:latest ?z }
        OPTIONAL { ?e nkg:mention/nkg:article/dct:issued ?r } } GROUP BY ?e`),
      select(`SELECT ?e ?role ?x (SAMPLE(?xl) AS ?label) WHERE { ?e a nkg:Event ; ?role ?x .
        VALUES ?role { nkg:agent nkg:target nkg:place } OPTIONAL { ?x rdfs:label ?xl } } GROUP BY ?e ?role ?x`),
    ]);
    const byIri = new Map();
    for (const row of rows) {
      byIri.set(row.e, {
        iri: row.e, label: row.label || row.e, type: row.type || "", typeLabel: row.typeLabel || row.type || "event",
        date: row.date || null, earliest: row.earliest || null, latest: row.latest || null, reported: row.reported || null,
        agent: [], target: [], place: [],
      });
    }
    for (const row of roles) {
      const event = byIri.get(row.e);
      const role = row.role.split("#").pop();
      if (event) event[role].push({ iri: row.x, label: row.label || row.x });
    }
    return [...byIri.values()];
  }

  // When an event happened, as [start, end] day strings, and whether the day is known or only when it was reported.
  function when(event) {
    if (event.date) return { start: event.date, end: event.date, known: true };
    if (event.earliest || event.latest) {
      return { start: event.earliest || event.latest, end: event.latest || event.earliest, known: true };
    }
    return event.reported ? { start: event.reported, end: event.reported, known: false } : null;
  }

  // Filter selects for type, actor and place, filled from the events; ?type=, ?actor=, ?place= or ?focus=IRI preset them.
  function filters(form, events, onChange) {
    const params = new URLSearchParams(window.location.search);
    const focus = params.get("focus");
    const options = {
      type: new Map(events.filter((e) => e.type).map((e) => [e.type, e.typeLabel])),
      actor: new Map(events.flatMap((e) => [...e.agent, ...e.target]).map((x) => [x.iri, x.label])),
      place: new Map(events.flatMap((e) => e.place).map((x) => [x.iri, x.label])),
    };
    const chosen = {};
    for (const [name, values] of Object.entries(options)) {
      const select = form.querySelector(`select[name=${name}]`);
      const sorted = [...values.entries()].sort((a, b) => a[1].localeCompare(b[1]));
      for (const [iri, label] of sorted) select.add(new Option(label, iri));
      const preset = params.get(name) || (values.has(focus) ? focus : "");
      select.value = values.has(preset) ? preset : "";
      chosen[name] = select.value;
      select.addEventListener("change", () => { chosen[name] = select.value; onChange(); });
    }
    const involves = (event) => event.iri === focus ||
      [...event.agent, ...event.target, ...event.place].some((x) => x.iri === focus);
    // A focus that is no filter's value (an event, a speaker) keeps the events it is part of, if any.
    const focused = focus && !Object.values(options).some((m) => m.has(focus)) && events.some(involves) ? focus : null;
    return (event) =>
      (!chosen.type || event.type === chosen.type) &&
      (!chosen.actor || [...event.agent, ...event.target].some((x) => x.iri === chosen.actor)) &&
      (!chosen.place || event.place.some((x) => x.iri === chosen.place)) &&
      (!focused || involves(event));
  }

  return { ENDPOINT, select, storeBase, href, link, events, when, filters };
})();
