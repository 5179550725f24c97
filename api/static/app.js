// The query page: send the query to /sparql and render what comes back.
"use strict";

const query = document.getElementById("query");
const status = document.getElementById("status");
const results = document.getElementById("results");

document.getElementById("examples").addEventListener("change", (event) => {
  const option = event.target.selectedOptions[0];
  if (option && option.dataset.query) query.value = option.dataset.query;
});

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.href = term.value;
    a.textContent = term.value;
    td.appendChild(a);
  } else {
    td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
  }
  return td;
}

function renderTable(data) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const v of data.head.vars) row.appendChild(cell(binding[v]));
  }
  results.replaceChildren(table);
  return data.results.bindings.length + " rows";
}

async function run() {
  status.className = "";
  status.textContent = "running…";
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: query.value,
    });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) throw new Error(await response.text());
    let summary;
    if (type.includes("sparql-results+json")) {
      const data = await response.json();
      if ("boolean" in data) {
        results.replaceChildren(document.createTextNode(String(data.boolean)));
        summary = "answer: " + data.boolean;
      } else {
        summary = renderTable(data);
      }
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      results.replaceChildren(pre);
      summary = "graph";
    }
    const truncated = response.headers.get("X-NewsKG-Truncated");
    status.textContent = summary + " in " + Math.round(performance.now() - started) + " ms" +
      (truncated ? " (" + truncated + ")" : "");
  } catch (error) {
    status.className = "error";
    status.textContent = error.message;
    results.replaceChildren();
  }
}

document.getElementById("run").addEventListener("click", run);
query.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
});
