// The timeline page: the graph's events as an SVG, one lane per event type, filtered by type, actor and place.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const ROW = 18;  // px per row of events in a lane
const CHAR = 6.6;  // px per character of a label, for the layout
const MARGIN = { left: 150, right: 240, top: 20, bottom: 40 };  // labels of the latest events run into the right margin

function svg(tag, attributes, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (parent) parent.appendChild(node);
  return node;
}

function day(text) {
  return Date.parse(text.slice(0, 10) + "T00:00:00Z");
}

// Tick days for an axis over [from, to]: days, weeks or months, whichever gives at most ~10 ticks.
function ticks(from, to) {
  const span = (to - from) / DAY;
  const out = [];
  if (span <= 60) {
    const step = span <= 12 ? 1 : 7;
    for (let t = from; t <= to; t += step * DAY) out.push(t);
  } else {
    const d = new Date(from);
    d.setUTCDate(1);
    const step = Math.max(1, Math.ceil(span / 30 / 10));
    while (d.getTime() <= to) {
      if (d.getTime() >= from) out.push(d.getTime());
      d.setUTCMonth(d.getUTCMonth() + step);
    }
  }
  return out;
}

// Rows within each lane, so that no event or label covers another: each event goes to the first row
// whose last label ends before it starts (label widths estimated from their length).
function layout(placed, x) {
  const rows = new Map();  // lane -> ends of its rows
  for (const p of placed) {
    const x1 = x(day(p.when.start));
    const x2 = x(day(p.when.end)) + 12 + CHAR * p.event.label.length;
    const ends = rows.get(p.event.type) || [];
    let row = ends.findIndex((end) => x1 > end + 6);
    if (row < 0) row = ends.push(x2) - 1;
    else ends[row] = x2;
    rows.set(p.event.type, ends);
    p.row = row;
  }
  return rows;
}

function draw(root, events) {
  root.replaceChildren();
  const placed = events.map((e) => ({ event: e, when: NewsKG.when(e) })).filter((p) => p.when);
  if (!placed.length) {
    root.textContent = "No event matches.";
    return 0;
  }
  placed.sort((a, b) => day(a.when.start) - day(b.when.start) || a.event.label.localeCompare(b.event.label));
  const lanes = [...new Map(placed.map((p) => [p.event.type, p.event.typeLabel])).entries()]
    .sort((a, b) => a[1].localeCompare(b[1]));
  let from = Math.min(...placed.map((p) => day(p.when.start)));
  let to = Math.max(...placed.map((p) => day(p.when.end)));
  from -= DAY;
  to += DAY;
  const width = Math.max(root.clientWidth, 600);
  const x = (t) => MARGIN.left + ((t - from) / (to - from)) * (width - MARGIN.left - MARGIN.right);
  const rows = layout(placed, x);
  const tops = new Map();
  let y = MARGIN.top;
  for (const [type] of lanes) {
    tops.set(type, y);
    y += ROW * rows.get(type).length + 12;
  }
  const axisY = y;
  const height = axisY + MARGIN.bottom;
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img" }, root);
  lanes.forEach(([type, label], i) => {
    const top = tops.get(type);
    const laneHeight = ROW * rows.get(type).length + 12;
    svg("rect", { x: MARGIN.left, y: top, width: width - MARGIN.left - MARGIN.right, height: laneHeight,
                  class: i % 2 ? "lane odd" : "lane" }, chart);
    svg("text", { x: MARGIN.left - 8, y: top + laneHeight / 2 + 4, "text-anchor": "end", class: "lane-label" }, chart)
      .textContent = label;
  });
  svg("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: axisY, y2: axisY, class: "axis" }, chart);
  for (const t of ticks(from, to)) {
    svg("line", { x1: x(t), x2: x(t), y1: MARGIN.top, y2: axisY + 5, class: "tick" }, chart);
    svg("text", { x: x(t), y: axisY + 20, "text-anchor": "middle", class: "tick-label" }, chart).textContent =
      new Date(t).toISOString().slice(0, 10);
  }
  for (const { event, when, row } of placed) {
    const cy = tops.get(event.type) + 6 + ROW / 2 + row * ROW;
    const group = svg("a", { href: NewsKG.href(event.iri), class: "event" + (when.known ? "" : " undated") }, chart);
    group.dataset.iri = event.iri;
    const who = [...event.agent, ...event.target].map((a) => a.label).join(", ");
    const where = event.place.map((p) => p.label).join(", ");
    svg("title", {}, group).textContent = `${event.label} — ${when.known ? when.start + (when.end !== when.start
      ? " to " + when.end : "") : "reported " + when.start}${who ? " — " + who : ""}${where ? " — at " + where : ""}`;
    const x1 = x(day(when.start));
    const x2 = x(day(when.end));
    if (x2 - x1 > 2) svg("rect", { x: x1, y: cy - 4, width: x2 - x1, height: 8, rx: 4, class: "span" }, group);
    else svg("circle", { cx: x1, cy, r: 6, class: "dot" }, group);
    svg("text", { x: Math.max(x1, x2) + 9, y: cy + 4, class: "event-label" }, group).textContent = event.label;
  }
  return placed.length;
}

async function start() {
  const root = document.getElementById("timeline");
  const shown = document.getElementById("shown");
  try {
    const events = await NewsKG.events();
    let keep = () => true;
    const redraw = () => {
      const n = draw(root, events.filter(keep));
      shown.textContent = `${n} of ${events.length} events`;
      root.dataset.events = String(n);
    };
    keep = NewsKG.filters(document.getElementById("filters"), events, redraw);
    redraw();
    window.addEventListener("resize", redraw);
  } catch (error) {
    root.textContent = "Could not load the events: " + error.message;
  }
}

start();
