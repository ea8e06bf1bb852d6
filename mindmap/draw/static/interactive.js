/* mindmap's interactive figure: zoom and pan, fold and unfold, search, keyboard.
 *
 * Inlined by mindmap/draw/html.py into one self-contained HTML page (no network).
 * It reads the tree from the figure's data attributes (data-node and data-parent
 * on node groups, data-source and data-target on edge groups) and changes only
 * classes and attributes: the page's Content-Security-Policy allows no inline
 * style attributes and no other script.  Text from the map is only ever read
 * with textContent and written back with textContent.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var MIN_ZOOM = 0.5;
  var MAX_ZOOM = 24;
  var STEP = 1.25;

  var viewport = document.getElementById("mm-viewport");
  var svg = viewport && viewport.querySelector("svg");
  if (!svg) {
    return;
  }
  var controls = document.getElementById("mm-controls");
  var search = document.getElementById("mm-search");
  var status = document.getElementById("mm-status");
  var zoomOut = document.getElementById("mm-zoom");

  /* --- the tree ------------------------------------------------------------ */

  var nodes = {};
  var order = [];
  Array.prototype.forEach.call(svg.querySelectorAll("g.node[data-node]"), function (el) {
    var id = el.getAttribute("data-node");
    var title = el.querySelector("title");
    var count = el.querySelector("text.count");
    nodes[id] = {
      id: id,
      el: el,
      parent: el.getAttribute("data-parent"),
      children: [],
      edges: [],
      label: title ? title.textContent : "",
      count: count ? count.textContent : "",
      kind: el.classList.contains("hypothesis") ? "hypothesis" : el.classList.contains("quote") ? "quote" : "theme",
      marker: null,
      spot: null,
      depth: 0,
      below: 0
    };
    order.push(id);
  });
  order.forEach(function (id) {
    var node = nodes[id];
    if (node.parent && nodes[node.parent]) {
      nodes[node.parent].children.push(id);
    }
  });
  Array.prototype.forEach.call(svg.querySelectorAll("g.edge[data-target]"), function (el) {
    var target = nodes[el.getAttribute("data-target")];
    if (target && !el.classList.contains("connection")) {
      target.edges.push(el);
    }
  });
  /* Each node's depth, and how many boxes lie below it (counted once: the tree does not change). */
  order.forEach(function (id) {
    var depth = 0;
    var up = nodes[id].parent;
    while (up && nodes[up]) {
      depth += 1;
      nodes[up].below += 1;
      up = nodes[up].parent;
    }
    nodes[id].depth = depth;
  });

  var folded = {};

  function foldedAncestor(id) {
    var up = nodes[id].parent;
    var found = null;
    while (up && nodes[up]) {
      if (folded[up]) {
        found = up;
      }
      up = nodes[up].parent;
    }
    return found;
  }

  function describe(node) {
    var words = node.label + (node.count ? " " + node.count : "");
    if (node.children.length) {
      words += folded[node.id] ? ", folded: " + node.below + " hidden" : ", " + node.below + " below";
    }
    return words;
  }

  /* --- the "+N" marker of a folded node ------------------------------------- */

  /* Where a folded node's marker goes: beside the box, on the side its branch grows to.
     Measured for all markers first and drawn after, so the browser lays the figure out once. */
  function markerSpot(node) {
    var shape = node.el.querySelector(".shape");
    var box = (shape || node.el).getBBox();
    if (!box.width) {
      return null;  // not drawn now (inside a folded branch): measured when it shows
    }
    var first = nodes[node.children[0]];
    var side = 1;
    if (first) {
      var child = first.el.getBBox();
      side = child.x + child.width / 2 < box.x + box.width / 2 ? -1 : 1;
    }
    var label = "+" + node.below;
    var width = 10 + 7 * label.length;
    return { label: label, width: width, x: side > 0 ? box.x + box.width + 3 : box.x - width - 3,
             y: box.y + box.height / 2 - 9 };
  }

  function placeMarker(node, spot) {
    var marker = document.createElementNS(SVG_NS, "g");
    marker.setAttribute("class", "mm-marker");
    marker.setAttribute("aria-hidden", "true");
    var pill = document.createElementNS(SVG_NS, "rect");
    var text = document.createElementNS(SVG_NS, "text");
    text.textContent = spot.label;
    pill.setAttribute("x", spot.x.toFixed(2));
    pill.setAttribute("y", spot.y.toFixed(2));
    pill.setAttribute("width", spot.width.toFixed(2));
    pill.setAttribute("height", "18");
    pill.setAttribute("rx", "9");
    text.setAttribute("x", (spot.x + spot.width / 2).toFixed(2));
    text.setAttribute("y", (spot.y + 13).toFixed(2));
    text.setAttribute("text-anchor", "middle");
    marker.appendChild(pill);
    marker.appendChild(text);
    node.el.appendChild(marker);
    node.marker = marker;
  }

  function refresh() {
    var spots = {};
    order.forEach(function (id) {
      if (folded[id] && !nodes[id].marker && !nodes[id].spot) {
        nodes[id].spot = markerSpot(nodes[id]);  // the tree's geometry never changes: measure once
      }
      spots[id] = nodes[id].spot;
    });
    order.forEach(function (id) {
      var node = nodes[id];
      var hidden = foldedAncestor(id) !== null;
      node.el.classList.toggle("mm-hidden", hidden);
      node.edges.forEach(function (edge) {
        edge.classList.toggle("mm-hidden", hidden);
      });
      var isFolded = !!folded[id];
      node.el.classList.toggle("mm-folded", isFolded);
      if (isFolded && !node.marker && spots[id]) {
        placeMarker(node, spots[id]);
      } else if (!isFolded && node.marker) {
        node.marker.parentNode.removeChild(node.marker);
        node.marker = null;
      }
      if (node.children.length) {
        node.el.setAttribute("aria-expanded", isFolded ? "false" : "true");
      }
      if (node.kind !== "quote") {
        node.el.setAttribute("aria-label", describe(node));
      }
    });
    if (search && search.value) {
      runSearch();
    }
  }

  function toggle(id) {
    if (!nodes[id] || !nodes[id].children.length) {
      return;
    }
    if (folded[id]) {
      delete folded[id];
    } else {
      folded[id] = true;
    }
    refresh();
  }

  function foldAll(fold) {
    folded = {};
    if (fold) {
      order.forEach(function (id) {
        if (nodes[id].depth === 1 && nodes[id].children.length) {
          folded[id] = true;
        }
      });
    }
    refresh();
  }

  function reveal(id) {
    var up = nodes[id].parent;
    while (up && nodes[up]) {
      delete folded[up];
      up = nodes[up].parent;
    }
    refresh();
  }

  /* --- zoom and pan (the viewBox) ------------------------------------------- */

  var base = svg.viewBox.baseVal;
  var home = { x: base.x, y: base.y, w: base.width, h: base.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };

  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) {
      return v.toFixed(2);
    }).join(" "));
    var zoom = Math.round((home.w / view.w) * 100);
    viewport.setAttribute("data-zoom", String(zoom));
    if (zoomOut) {
      zoomOut.textContent = zoom + "%";
    }
  }

  function zoomBy(factor, cx, cy) {
    var scale = home.w / view.w;
    var next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale * factor));
    var w = home.w / next;
    var h = home.h / next;
    if (cx === undefined) {
      cx = view.x + view.w / 2;
      cy = view.y + view.h / 2;
    }
    view.x = cx - (cx - view.x) * (w / view.w);
    view.y = cy - (cy - view.y) * (h / view.h);
    view.w = w;
    view.h = h;
    apply();
  }

  /* Show what is not folded away as large as the viewport allows (after folding many at once). */
  function fitVisible() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    order.forEach(function (id) {
      if (nodes[id].el.classList.contains("mm-hidden")) {
        return;
      }
      var box = nodes[id].el.getBBox();
      x0 = Math.min(x0, box.x);
      y0 = Math.min(y0, box.y);
      x1 = Math.max(x1, box.x + box.width);
      y1 = Math.max(y1, box.y + box.height);
    });
    if (!(x1 > x0 && y1 > y0)) {
      return;
    }
    var pad = 24;
    var w = Math.min(home.w, x1 - x0 + 2 * pad);
    var h = Math.min(home.h, y1 - y0 + 2 * pad);
    var scale = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.min(home.w / w, home.h / h)));
    view.w = home.w / scale;
    view.h = home.h / scale;
    view.x = (x0 + x1) / 2 - view.w / 2;
    view.y = (y0 + y1) / 2 - view.h / 2;
    apply();
  }

  function reset() {
    view = { x: home.x, y: home.y, w: home.w, h: home.h };
    apply();
  }

  function pan(dx, dy) {
    view.x += dx;
    view.y += dy;
    apply();
  }

  function toFigure(clientX, clientY) {
    var ctm = svg.getScreenCTM();
    if (!ctm) {
      return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    }
    var point = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
    return { x: point.x, y: point.y };
  }

  viewport.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = toFigure(event.clientX, event.clientY);
    zoomBy(event.deltaY < 0 ? STEP : 1 / STEP, at.x, at.y);
  }, { passive: false });

  var drag = null;
  var dragged = false;
  viewport.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) {
      return;
    }
    drag = { x: event.clientX, y: event.clientY, view: { x: view.x, y: view.y }, id: event.pointerId };
    dragged = false;
  });
  viewport.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) {
      return;
    }
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) {
      return;
    }
    if (!dragged) {
      dragged = true;
      viewport.classList.add("mm-dragging");
      viewport.setPointerCapture(event.pointerId);
    }
    var ctm = svg.getScreenCTM();
    var scale = ctm ? ctm.a : 1;
    view.x = drag.view.x - dx / scale;
    view.y = drag.view.y - dy / scale;
    apply();
  });
  function endDrag(event) {
    if (drag && event.pointerId === drag.id) {
      drag = null;
      viewport.classList.remove("mm-dragging");
    }
  }
  viewport.addEventListener("pointerup", endDrag);
  viewport.addEventListener("pointercancel", endDrag);

  /* Keep the theme in focus on screen when the figure is zoomed in. */
  function showNode(node) {
    var box = node.el.getBBox();
    if (box.x >= view.x && box.y >= view.y && box.x + box.width <= view.x + view.w &&
        box.y + box.height <= view.y + view.h) {
      return;
    }
    view.x = box.x + box.width / 2 - view.w / 2;
    view.y = box.y + box.height / 2 - view.h / 2;
    apply();
  }

  /* --- the nodes as controls ------------------------------------------------ */

  order.forEach(function (id) {
    var node = nodes[id];
    if (node.kind === "quote") {
      return;
    }
    node.el.setAttribute("tabindex", "0");
    node.el.setAttribute("role", node.children.length ? "button" : "img");
    if (node.children.length) {
      node.el.classList.add("mm-foldable");
    }
    node.el.addEventListener("click", function () {
      if (dragged) {
        dragged = false;
        return;
      }
      toggle(id);
    });
    node.el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle(id);
      }
    });
    node.el.addEventListener("focus", function () {
      showNode(node);
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) {
      return;
    }
    var step = view.w / 10;
    var handled = true;
    switch (event.key) {
      case "+":
      case "=":
        zoomBy(STEP);
        break;
      case "-":
      case "_":
        zoomBy(1 / STEP);
        break;
      case "0":
        reset();
        break;
      case "ArrowLeft":
        pan(-step, 0);
        break;
      case "ArrowRight":
        pan(step, 0);
        break;
      case "ArrowUp":
        pan(0, -step);
        break;
      case "ArrowDown":
        pan(0, step);
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  /* --- search --------------------------------------------------------------- */

  function normal(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function runSearch() {
    var query = normal(search.value.trim());
    var matches = [];
    var inside = 0;
    order.forEach(function (id) {
      var node = nodes[id];
      var hit = query !== "" && normal(node.label).indexOf(query) !== -1;
      node.el.classList.toggle("mm-match", hit);
      node.el.classList.remove("mm-match-inside");
      if (hit) {
        matches.push(id);
      }
    });
    matches.forEach(function (id) {
      var holder = foldedAncestor(id);
      if (holder !== null) {
        inside += 1;
        nodes[holder].el.classList.add("mm-match-inside");
      }
    });
    svg.classList.toggle("mm-searching", query !== "");
    if (query === "") {
      status.textContent = "";
    } else if (!matches.length) {
      status.textContent = "No label matches \u201c" + search.value.trim() + "\u201d.";
    } else {
      status.textContent = matches.length + (matches.length === 1 ? " label matches" : " labels match") +
        " \u201c" + search.value.trim() + "\u201d" +
        (inside ? " (" + inside + " inside folded themes: press Enter to show the first)" : "") + ".";
    }
    return matches;
  }

  if (search) {
    search.addEventListener("input", runSearch);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var matches = runSearch();
        if (matches.length) {
          reveal(matches[0]);
          nodes[matches[0]].el.focus();
        }
      } else if (event.key === "Escape") {
        search.value = "";
        runSearch();
      }
    });
  }

  /* --- buttons -------------------------------------------------------------- */

  var actions = {
    "zoom-in": function () { zoomBy(STEP); },
    "zoom-out": function () { zoomBy(1 / STEP); },
    "reset": reset,
    "fold-all": function () { foldAll(true); fitVisible(); },
    "unfold-all": function () { foldAll(false); reset(); }
  };
  if (controls) {
    Array.prototype.forEach.call(controls.querySelectorAll("button[data-action]"), function (button) {
      button.addEventListener("click", function () {
        actions[button.getAttribute("data-action")]();
      });
    });
    controls.hidden = false;
  }

  /* --- start: folded at the depth the page was made with -------------------- */

  var start = viewport.getAttribute("data-fold-depth");
  if (start !== null && start !== "") {
    var depth = parseInt(start, 10);
    order.forEach(function (id) {
      if (nodes[id].depth === depth && nodes[id].children.length) {
        folded[id] = true;
      }
    });
  }
  svg.classList.add("mm-interactive");
  refresh();
  apply();
  if (start !== null && start !== "") {
    fitVisible();
  }
}());
