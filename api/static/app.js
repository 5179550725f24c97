// The query page: YASGUI (vendored, see scripts/vendor-js.sh) over this server's /sparql,
// with the example questions (api/static/examples/*.rq) as buttons that open them in a tab.
"use strict";

const ENDPOINT = new URL("/sparql", window.location.href).href;
// Only completers that work offline: "property" and "class" would query lov.linkeddata.es from the browser.
// Set on the defaults because YASGUI merges configured arrays into the default ones index by index.
const OFFLINE_COMPLETERS = ["variables", "prefixes"];

function openExample(yasgui, example) {
  yasgui.addTab(true, { name: example.question, yasqe: { value: example.query } }, { avoidDuplicateTabs: true });
}

function start() {
  const root = document.getElementById("yasgui");
  const examples = JSON.parse(document.getElementById("example-queries").textContent);
  if (typeof Yasgui !== "function") {
    root.textContent = "The query editor could not load; any SPARQL client can query " + ENDPOINT + ".";
    return;
  }
  Yasgui.defaults.yasqe.autocompleters = OFFLINE_COMPLETERS;
  Yasgui.Yasqe.defaults.autocompleters = OFFLINE_COMPLETERS;
  const yasgui = new Yasgui(root, {
    persistenceId: "newskg",
    requestConfig: { endpoint: ENDPOINT, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }] },
    copyEndpointOnNewTab: true,
    tabName: "Query",
    yasqe: { value: examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
  });
  const nav = document.getElementById("examples");
  for (const example of examples) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "example";
    button.textContent = example.question;
    button.title = "Open in a new tab (also at /static/examples/" + example.file + ")";
    button.addEventListener("click", () => openExample(yasgui, example));
    nav.appendChild(button);
  }
}

start();
