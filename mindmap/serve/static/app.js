"use strict";
// Long-polls /state and redraws the page from it.  Builds every element with
// textContent: nothing from a theme file is ever parsed as HTML.
(function () {
  let version = -1;
  const maps = document.getElementById("maps");
  const status = document.getElementById("status");
  const styleErrors = document.getElementById("style-errors");

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  const DROP = new Set(["script", "foreignObject", "iframe", "object", "embed", "style"]);

  // Our renderer escapes every text; this is a second line of defence (the CSP is
  // the third).  Ids get a per-map prefix so that several maps on one page keep
  // their own <title> and <desc> for screen readers.
  function clean(svg, prefix) {
    for (const node of [svg, ...svg.querySelectorAll("*")]) {
      if (DROP.has(node.localName) || node.namespaceURI !== SVG_NS) { node.remove(); continue; }
      for (const attr of Array.from(node.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on") || name === "style") { node.removeAttribute(attr.name); continue; }
        if (name === "href" || name === "xlink:href") {
          if (attr.value.startsWith("#")) node.setAttribute(attr.name, "#" + prefix + attr.value.slice(1));
          else node.removeAttribute(attr.name);
          continue;
        }
        if (name === "id") node.id = prefix + attr.value;
        else if (name === "aria-labelledby" || name === "aria-describedby")
          node.setAttribute(attr.name, attr.value.split(/\s+/).map((id) => prefix + id).join(" "));
        else if (attr.value.includes("url(#"))
          node.setAttribute(attr.name, attr.value.replaceAll("url(#", "url(#" + prefix));
      }
    }
    return svg;
  }

  async function loadFigure(holder, url, prefix) {
    holder.dataset.want = url;
    const response = await fetch(url, {cache: "no-store"});
    if (!response.ok || holder.dataset.want !== url) return;  // re-rendered since: the next state brings it
    const doc = new DOMParser().parseFromString(await response.text(), "image/svg+xml");
    const svg = doc.documentElement;
    if (holder.dataset.want !== url || svg.namespaceURI !== SVG_NS || svg.localName !== "svg") return;
    holder.replaceChildren(document.importNode(clean(svg, prefix), true));
    holder.dataset.shown = url;
  }

  function section(map) {
    let node = document.getElementById("map-" + map.key);
    if (!node) {
      node = el("section", {id: "map-" + map.key, class: "map"});
      const h2 = el("h2");
      h2.append(el("span", {class: "title"}), el("small", {class: "file"}));
      const errors = el("div", {class: "errors", role: "alert"});
      errors.append(el("h3", {}, ""), el("pre"));
      const figure = el("figure");
      figure.append(el("div", {class: "figure"}), el("figcaption"));
      node.append(h2, errors, el("ul", {class: "warnings", "aria-label": "Lint warnings"}), figure);
    }
    return node;
  }

  function draw(map, node) {
    node.querySelector("h2 .title").textContent = map.title || map.file;
    node.querySelector("h2 .file").textContent = map.file;
    const errors = node.querySelector(".errors");
    errors.hidden = map.errors.length === 0;
    errors.querySelector("h3").textContent = map.figure
      ? "This file has errors; the figure below is the last good one."
      : "This file has errors; there is no figure yet.";
    errors.querySelector("pre").textContent = map.errors.join("\n");
    const warnings = node.querySelector(".warnings");
    warnings.replaceChildren(...map.warnings.map((w) => el("li", {}, w)));
    const figure = node.querySelector("figure");
    figure.hidden = !map.figure;
    figure.classList.toggle("stale", map.stale);
    const holder = figure.querySelector(".figure");
    if (map.figure && holder.dataset.want !== map.figure) {
      loadFigure(holder, map.figure, "m" + map.key + "-").catch(() => {});
    }
    figure.querySelector("figcaption").textContent = map.figure ? map.alt : "";
  }

  function show(state) {
    const seen = new Set();
    for (const map of state.maps) {
      const node = section(map);
      draw(map, node);
      maps.append(node);  // keeps the files in order; moving a node does not reload its image
      seen.add(node.id);
    }
    for (const node of Array.from(maps.children)) if (!seen.has(node.id)) node.remove();
    styleErrors.hidden = state.style_errors.length === 0;
    styleErrors.querySelector("pre").textContent = state.style_errors.join("\n");
    const broken = state.maps.filter((m) => m.errors.length).length;
    status.textContent = "Watching " + state.target + " · updated " + new Date().toLocaleTimeString()
      + (broken ? " · " + broken + " file(s) with errors" : "");
    document.body.dataset.version = String(state.version);
  }

  async function loop() {
    for (;;) {
      try {
        const response = await fetch("/state?since=" + version, {cache: "no-store"});
        if (!response.ok) throw new Error("HTTP " + response.status);
        const state = await response.json();
        if (state.version !== version) {
          version = state.version;
          show(state);
        }
      } catch (error) {
        status.textContent = "Lost the server (" + error.message + "); retrying…";
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
  loop();
})();
