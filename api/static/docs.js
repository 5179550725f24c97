// The API docs page: render /openapi.json as a list of routes (no CDN, no framework).
"use strict";

function element(tag, text) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  return node;
}

async function render() {
  const root = document.getElementById("routes");
  const spec = await (await fetch("/openapi.json")).json();
  root.replaceChildren();
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const section = element("section");
      section.appendChild(element("h2", method.toUpperCase() + " " + path));
      if (op.summary) section.appendChild(element("p", op.summary));
      if (op.description) section.appendChild(element("pre", op.description));
      const params = op.parameters || [];
      if (params.length) {
        const list = element("ul");
        for (const p of params) {
          list.appendChild(element("li", p.name + " (" + p.in + ")" + (p.description ? ": " + p.description : "")));
        }
        section.appendChild(list);
      }
      root.appendChild(section);
    }
  }
}

render();
