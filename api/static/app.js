// The query page: YASGUI (vendored, see scripts/vendor-js.sh) over this server's /sparql,
// with the example questions (api/static/examples/*.rq) as buttons that open them in a tab.
"use strict";

const ENDPOINT = NewsKG.ENDPOINT;
// Only completers that work offline: "property" and "class" would query lov.linkeddata.es from the browser.
// Set on the defaults because YASGUI merges configured arrays into the default ones index by index.
const OFFLINE_COMPLETERS = ["variables", "prefixes"];
const PREFIXES = JSON.parse(document.getElementById("prefixes").textContent);

function openExample(yasgui, example) {
  yasgui.addTab(true, { name: example.question, yasqe: { value: example.query } }, { avoidDuplicateTabs: true });
}

// The server predeclares these prefixes, but the editor does not know it and marks them as errors:
// declare each one in the query as soon as it is used.
function declareUsedPrefixes(yasqe) {
  const text = yasqe.getValue();
  const declared = yasqe.getPrefixesFromQuery();
  const missing = {};
  for (const [prefix, iri] of Object.entries(PREFIXES)) {
    if (!(prefix in declared) && new RegExp(`(^|[\\s(){},;.^/|!])${prefix}:`).test(text)) missing[prefix] = iri;
  }
  if (Object.keys(missing).length) yasqe.addPrefixes(missing);
}

function watchEditor(yasgui) {
  const yasqe = yasgui.getTab() && yasgui.getTab().getYasqe();
  if (!yasqe || yasqe.newskgWatched) return;
  yasqe.newskgWatched = true;
  yasqe.on("change", () => declareUsedPrefixes(yasqe));
  declareUsedPrefixes(yasqe);
}

// Result tables link each IRI to the IRI itself; a node of this store gets its page here instead.
function linkNodesHere(root) {
  const rewrite = () => {
    for (const a of root.querySelectorAll("a[href]")) {
      const local = NewsKG.href(a.getAttribute("href"));
      if (local !== a.getAttribute("href")) {
        a.setAttribute("href", local);
        a.removeAttribute("target");
      }
    }
  };
  new MutationObserver(rewrite).observe(root, { childList: true, subtree: true });
  rewrite();
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
  watchEditor(yasgui);
  yasgui.on("tabSelect", () => setTimeout(() => watchEditor(yasgui)));
  yasgui.on("tabAdd", () => setTimeout(() => watchEditor(yasgui)));
  NewsKG.storeBase().then(() => linkNodesHere(root), () => {});
}

start();
