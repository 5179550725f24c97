// The map page: Leaflet over a bundled world basemap (world-atlas TopoJSON, no tile server), one marker per
// place with coordinates, sized by the events there that match the filters. Drawn on a canvas.
"use strict";

const POINT = /POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)/i;

async function places() {
  const rows = await NewsKG.select(`SELECT ?p (SAMPLE(?l) AS ?label) (SAMPLE(?w) AS ?wkt) WHERE {
    ?p geo:hasGeometry/geo:asWKT ?w . OPTIONAL { ?p rdfs:label ?l } } GROUP BY ?p`);
  return rows.flatMap((row) => {
    const m = POINT.exec(row.wkt);  // WKT is "POINT(longitude latitude)"
    return m ? [{ iri: row.p, label: row.label || row.p, lat: Number(m[2]), lon: Number(m[1]) }] : [];
  });
}

function popup(place, events) {
  const box = document.createElement("div");
  box.appendChild(NewsKG.link(place.iri, place.label)).className = "popup-title";
  const list = document.createElement("ul");
  for (const event of events) list.appendChild(document.createElement("li")).appendChild(NewsKG.link(event.iri, event.label));
  if (events.length) box.appendChild(list);
  return box;
}

async function start() {
  const root = document.getElementById("map");
  const shown = document.getElementById("shown");
  // No zoom animation: the view is drawn at once, also for a screenshot taken as soon as the page says it is ready.
  const map = L.map(root, { preferCanvas: true, worldCopyJump: true, zoomAnimation: false });
  map.attributionControl.setPrefix("Leaflet").addAttribution("Natural Earth");
  const world = await (await fetch("/static/vendor/world-atlas/countries-50m.json")).json();
  L.geoJSON(topojson.feature(world, world.objects.countries), {
    style: { color: "#9aa5b1", weight: 0.6, fillColor: "#eef1e6", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
  map.setView([25, 20], 2);
  const [located, events] = await Promise.all([places(), NewsKG.events()]);
  const markers = L.layerGroup().addTo(map);
  let keep = () => true;
  const redraw = () => {
    markers.clearLayers();
    const matching = events.filter(keep);
    let drawn = 0;
    let onPlaces = 0;
    for (const place of located) {
      const here = matching.filter((e) => e.place.some((p) => p.iri === place.iri));
      onPlaces += here.length;
      L.circleMarker([place.lat, place.lon], {
        radius: 6 + 3 * Math.min(here.length, 6), color: "#8b1a1a", weight: 2,
        fillColor: here.length ? "#d9534f" : "#f0ad4e", fillOpacity: 0.8,
      }).bindPopup(() => popup(place, here)).bindTooltip(place.label, { permanent: true, direction: "right", offset: [8, 0] })
        .addTo(markers);
      drawn += 1;
    }
    root.dataset.markers = String(drawn);
    root.dataset.events = String(onPlaces);
    shown.textContent = `${drawn} places, ${onPlaces} of ${matching.length} matching events at a located place`;
  };
  keep = NewsKG.filters(document.getElementById("filters"), events, redraw);
  redraw();
  const focus = located.find((p) => p.iri === new URLSearchParams(window.location.search).get("focus"));
  if (focus) map.setView([focus.lat, focus.lon], 7);
  else if (located.length) map.fitBounds(L.latLngBounds(located.map((p) => [p.lat, p.lon])).pad(0.5), { maxZoom: 7 });
  requestAnimationFrame(() => { root.dataset.ready = "true"; });
}

start().catch((error) => {
  document.getElementById("shown").textContent = "Could not draw the map: " + error.message;
});
