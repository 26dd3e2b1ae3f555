/* error-catalog: small enhancements of the reference pages. Each works on the
   plain HTML the build writes (tables, sections, translations stay usable
   without JavaScript). Catalog text is only ever read and written as text. */
(function () {
  "use strict";

  // -- the filter box over the A-Z index ----------------------------------------
  function filters() {
    document.querySelectorAll(".ec-index").forEach(function (box, n) {
      if (box.previousElementSibling && box.previousElementSibling.classList.contains("ec-filter")) return;
      var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
      var keys = rows.map(function (tr) {
        return (tr.textContent + " " + (tr.getAttribute("data-keys") || "")).toLowerCase();
      });
      var wrap = document.createElement("div"), input = document.createElement("input"),
          out = document.createElement("output"), id = "ec-filter-" + n;
      wrap.className = "ec-filter";
      input.type = "search";
      input.id = id;
      input.placeholder = "Filter codes: code, title, number, status, category";
      input.setAttribute("aria-label", "Filter the index of codes");
      input.setAttribute("aria-controls", id + "-table");
      input.autocomplete = "off";
      box.id = box.id || id + "-table";
      out.setAttribute("aria-live", "polite");
      wrap.appendChild(input);
      wrap.appendChild(out);
      box.parentNode.insertBefore(wrap, box);
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
        rows.forEach(function (tr, i) {
          var hit = words.every(function (w) { return keys[i].indexOf(w) !== -1; });
          tr.hidden = !hit;
          if (hit) shown++;
        });
        out.textContent = words.length ? shown + " of " + rows.length + " codes" : "";
      });
      // Keys typed into the box must not reach Material's keyboard shortcuts (/, s, f, n, p).
      input.addEventListener("keydown", function (ev) { ev.stopPropagation(); });
    });
  }

  // -- an exact code, alias, number or message first in search -------------------
  // Material's search ranks by words, with no phrase matching: a pasted message may
  // rank another section sharing its words first. exact.json (written by the build)
  // maps each exact text to its entries; those are pinned at the top of the results.
  var here = document.currentScript && document.currentScript.src;
  var exactData = null, exactLoading = false;

  function exactKey(q) {
    q = String(q).trim();
    // A message pasted with the quotes of its JSON string.
    if (q.length > 1 && (q[0] === '"' || q[0] === "'") && q[q.length - 1] === q[0]) q = q.slice(1, -1).trim();
    return q.split(/\s+/).join(" ").toLowerCase();
  }

  function exactSearch() {
    var input = document.querySelector("input.md-search__input");
    var list = document.querySelector(".md-search-result__list");
    if (!here || !input || !list || input.getAttribute("data-ec-exact") !== null) return;
    input.setAttribute("data-ec-exact", "");
    var root = new URL("../../", here);

    function pin() {
      if (!exactData) return;
      var key = exactKey(input.value), hits = (key && exactData.keys[key]) || [];
      var first = list.firstElementChild;
      if (first && first.classList.contains("ec-exact") && first.getAttribute("data-key") === key) return;
      list.querySelectorAll(".ec-exact").forEach(function (li) { li.remove(); });
      for (var n = hits.length - 1; n >= 0; n--) {
        var row = exactData.rows[hits[n]];
        if (!row) continue;
        var li = document.createElement("li"), a = document.createElement("a"),
            article = document.createElement("article"), h = document.createElement("h2"),
            code = document.createElement("code"), p = document.createElement("p");
        li.className = "md-search-result__item ec-exact";
        li.setAttribute("data-key", key);
        a.className = "md-search-result__link";
        a.href = new URL(row[2], root).href;
        article.className = "md-search-result__article md-typeset";
        code.textContent = row[0];
        h.appendChild(code);
        var label = document.createElement("strong");
        label.textContent = "Exact match";
        p.appendChild(label);
        p.appendChild(document.createTextNode(" · " + row[1]));
        article.appendChild(h);
        article.appendChild(p);
        a.appendChild(article);
        li.appendChild(a);
        list.insertBefore(li, list.firstChild);
      }
    }

    function load() {
      if (exactData || exactLoading) return;
      exactLoading = true;
      fetch(new URL("exact.json", here).href).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && data.keys && data.rows) { exactData = data; pin(); } })
        .catch(function () {});  // no file, no pinning: Material's own results stay
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", function () { load(); pin(); });
    // Material rebuilds the list on each query: pin again once it has.
    new MutationObserver(pin).observe(list, { childList: true });
  }

  // -- the message in the reader's language --------------------------------------
  function tag(s) { return String(s || "").toLowerCase().replace(/_/g, "-"); }

  function readerLocale(available) {
    var wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
    for (var i = 0; i < wanted.length; i++) {
      var w = tag(wanted[i]);
      if (available.indexOf(w) !== -1) return w;
      var primary = w.split("-")[0];
      for (var j = 0; j < available.length; j++) {
        if (available[j].split("-")[0] === primary) return available[j];
      }
    }
    return null;
  }

  function readerMessages() {
    document.querySelectorAll("details.ec-translations-more").forEach(function (more) {
      if (more.previousElementSibling && more.previousElementSibling.classList.contains("ec-reader-message")) return;
      var rows = Array.prototype.slice.call(more.querySelectorAll("tbody tr[data-locale]"));
      var loc = readerLocale(rows.map(function (r) { return tag(r.getAttribute("data-locale")); }));
      if (!loc) return;
      var row = rows.filter(function (r) { return tag(r.getAttribute("data-locale")) === loc; })[0];
      var cell = row && row.querySelector("td");
      // The source language is already shown; a fallback cell is the source text again.
      if (!cell || row.classList.contains("ec-source") || cell.classList.contains("ec-fallback")) return;
      var p = document.createElement("p"), label = document.createElement("span"), code = document.createElement("code");
      p.className = "ec-message ec-reader-message";
      label.className = "ec-label";
      label.textContent = "Message · " + row.querySelector("th").textContent;
      code.textContent = cell.textContent;
      code.lang = cell.lang;
      if (cell.dir) code.dir = cell.dir;
      p.appendChild(label);
      p.appendChild(document.createTextNode(" "));
      p.appendChild(code);
      more.parentNode.insertBefore(p, more);
    });
  }

  // -- copy-link and copy-code buttons on entry headings ------------------------
  function copy(text, button) {
    var done = function () {
      var was = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = was; }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {});
    }
  }

  function button(label, title, text) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.addEventListener("click", function () { copy(text(), b); });
    return b;
  }

  function copyButtons() {
    document.querySelectorAll(".md-typeset h2[id] + .ec-entry[data-code]").forEach(function (entry) {
      var h = entry.previousElementSibling;
      if (h.querySelector(".ec-copy")) return;
      var link = h.querySelector("a.headerlink"), box = document.createElement("span");
      box.className = "ec-copy";
      box.setAttribute("data-search-exclude", "");
      box.appendChild(button("Copy link", "Copy the permanent link to this code", function () {
        return link ? link.href : location.href.split("#")[0] + "#" + h.id;
      }));
      box.appendChild(button("Copy code", "Copy the code", function () { return entry.getAttribute("data-code"); }));
      h.insertBefore(box, link);
    });
  }

  // -- the section landed on -----------------------------------------------------
  function markLanded() {
    document.querySelectorAll(".ec-landed").forEach(function (el) { el.classList.remove("ec-landed"); });
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var el = id && document.getElementById(id);
    if (el && el.tagName === "H2") el.classList.add("ec-landed");
  }

  // Material's search is a role="dialog" without a name: give it one (accessibility).
  function nameSearch() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }

  // -- the light/dark toggle -------------------------------------------------------
  // What Material's palette component does, for the toggle the build marks
  // data-ec-palette (theme/partials/palette.html says why): the same stored "__palette",
  // <body> attributes, theme-color and color-scheme metas and keys. Unlike Material's,
  // it changes nothing on load when the page already wears the palette (the head
  // script of Material's base.html applied the stored one): each change restyles the
  // whole page.
  var PALETTE = "form[data-ec-palette]", paletteIndex = 0;

  function paletteInputs(form) { return Array.prototype.slice.call(form.querySelectorAll("input")); }

  function paletteOf(inputs, input) {
    var color = {};
    ["media", "scheme", "primary", "accent"].forEach(function (k) { color[k] = input.getAttribute("data-md-color-" + k); });
    return {index: inputs.indexOf(input), color: color};
  }

  function applyPalette(form, palette) {
    var body = document.body, color = palette.color;
    if (color.media === "(prefers-color-scheme)") {  // automatic: the system's choice, light or dark
      var light = matchMedia("(prefers-color-scheme: light)").matches;
      var match = form.querySelector("[data-md-color-media='(prefers-color-scheme: " + (light ? "light" : "dark") + ")']");
      if (match) ["scheme", "primary", "accent"].forEach(function (k) { color[k] = match.getAttribute("data-md-color-" + k); });
    }
    // Only scheme, primary and accent are styled; media is only recorded, as Material does.
    var changed = ["scheme", "primary", "accent"].some(function (k) { return body.getAttribute("data-md-color-" + k) !== color[k]; });
    if (changed) body.setAttribute("data-md-color-switching", "");  // Material's CSS: no transitions meanwhile
    Object.keys(color).forEach(function (k) {
      if (body.getAttribute("data-md-color-" + k) !== color[k]) body.setAttribute("data-md-color-" + k, color[k]);
    });
    paletteInputs(form).forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = palette.index !== i;
    });
    paletteIndex = palette.index;
    if (typeof __md_set === "function") __md_set("__palette", palette);
    var header = document.querySelector("[data-md-component=header]");
    if (header) {
      var style = getComputedStyle(header);
      // No color-scheme meta means a light page: add one only when it says something
      // else (adding or changing it restyles every element).
      var scheme = document.querySelector("meta[name=color-scheme]");
      if (scheme ? scheme.content !== style.colorScheme : !/^(normal|light)?$/.test(style.colorScheme)) {
        if (!scheme) scheme = document.head.appendChild(document.createElement("meta"));
        scheme.name = "color-scheme";
        scheme.content = style.colorScheme;
      }
      var rgb = style.backgroundColor.match(/\d+/g), theme = document.querySelector("meta[name=theme-color]");
      if (rgb) {
        if (!theme) { theme = document.head.appendChild(document.createElement("meta")); theme.name = "theme-color"; }
        theme.content = "#" + rgb.slice(0, 3).map(function (v) { return (+v).toString(16).padStart(2, "0"); }).join("");
      }
    }
    if (changed) Promise.resolve().then(function () { body.removeAttribute("data-md-color-switching"); });
  }

  function palette() {
    var form = document.querySelector(PALETTE);
    if (!form) return;
    var inputs = paletteInputs(form);
    if (!inputs.length) return;
    // Material's choice on load: the stored palette, else the first whose media matches.
    var stored = typeof __md_get === "function" ? __md_get("__palette") : null;
    var index = stored && typeof stored.index === "number" ? stored.index
      : inputs.findIndex(function (i) { return matchMedia(i.getAttribute("data-md-color-media")).matches; });
    applyPalette(form, paletteOf(inputs, inputs[Math.max(0, Math.min(index, inputs.length - 1))]));
  }

  document.addEventListener("change", function (ev) {
    var form = ev.target.closest && ev.target.closest(PALETTE);
    if (form) applyPalette(form, paletteOf(paletteInputs(form), ev.target));
  });
  // Enter on the (visually hidden, focusable) option switches to the next one, as in Material.
  document.addEventListener("keydown", function (ev) {
    var form = ev.key === "Enter" && ev.target.closest && ev.target.closest(PALETTE);
    if (!form) return;
    var inputs = paletteInputs(form), next = inputs[(paletteIndex + 1) % inputs.length];
    next.click();
    next.focus();
  });
  // An automatic palette follows the system when it switches between light and dark.
  var system = matchMedia("(prefers-color-scheme: light)");
  if (system.addEventListener) system.addEventListener("change", palette); else system.addListener(palette);

  function init() {
    palette();
    nameSearch();
    exactSearch();
    filters();
    readerMessages();
    copyButtons();
    markLanded();
  }

  window.addEventListener("hashchange", markLanded);
  // Material's instant navigation changes the address without a hashchange.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href*='#']");
    if (a) setTimeout(markLanded, 50);
  });
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
