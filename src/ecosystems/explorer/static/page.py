"""The HTML, CSS and script of the explorer without a server (filled in by
:mod:`ecosystems.explorer.static.export`).

The script builds the controls, keeps the cut points on the page's grid, names
what it cannot take, switches the language and the OECD layer of the portrait
(the ``bands`` signal) and lists the claims whose verdict
flips from the precomputed tables. It never classifies: the types come from the
Vega expressions of :mod:`ecosystems.explorer.static.chart`, the one place the
page applies the rule. Everything from the data is set as text
(``textContent``), never as markup.
"""

# The Content-Security-Policy forbids every request: only the inline script and
# styles run (Vega compiles its expressions with Function(), hence 'unsafe-eval').
CSP = "; ".join([
    "default-src 'none'", "script-src 'unsafe-inline' 'unsafe-eval'", "style-src 'unsafe-inline'",
    "img-src data: blob:", "font-src 'none'", "connect-src 'none'", "base-uri 'none'",
    "form-action 'none'",
])
PAGE = """<!DOCTYPE html>
<!-- ecosystems static explorer -->
<html lang="__LANG__">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="__CSP__">
<title>__TITLE__</title>
<style>
__STYLE__
</style>
<script>
__BUNDLE__
</script>
</head>
<body>
<header>
  <h1 data-l="static.title"></h1>
  <div class="lang"><span data-l="explorer.lang"></span>
    <label><input type="radio" name="lang" value="en"> English</label>
    <label><input type="radio" name="lang" value="ru"> Русский</label>
  </div>
</header>
<p class="intro"><span data-l="static.intro"></span> <span id="data-note"></span></p>
<div id="controls"></div>
<p class="tools"><button type="button" id="reset" data-l="static.reset"></button>
  <label><input type="checkbox" id="bands"> <span data-l="explorer.intensity_bands"></span></label>
  <span class="note" id="bands-note"></span></p>
<div class="view portrait-row"><div id="portrait"></div><ul id="legend"></ul></div>
<div class="view"><div id="tables"></div></div>
<section id="claims" aria-live="polite"></section>
<script type="application/json" id="explorer-spec">__SPEC__</script>
<script type="application/json" id="explorer-data">__DATA__</script>
<script>
__SCRIPT__
</script>
</body>
</html>
"""

STYLE = """
body { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 14px; margin: 12px auto;
       max-width: 1240px; padding: 0 12px; color: #222; }
header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between;
         gap: 4px 16px; }
h1 { font-size: 20px; margin: 4px 0; }
.lang label { margin-left: 8px; }
.intro { margin: 4px 0 10px; color: #333; }
#controls { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
            gap: 8px 24px; }
fieldset { border: 1px solid #ccc; border-radius: 4px; margin: 0; padding: 6px 10px; }
legend { padding: 0 4px; }
.cut { display: grid; grid-template-columns: 8.5em 1fr 6.5em; align-items: center; gap: 8px; }
.cut input[type=range] { width: 100%; }
.cut input[type=text] { width: 6em; font: inherit; }
.msg { min-height: 1.3em; font-size: 13px; }
.msg.error { color: #B03A2E; }
.msg.info { color: #555; }
.view { overflow-x: auto; margin-top: 8px; }
.portrait-row { display: flex; align-items: flex-start; gap: 4px; }
#legend { list-style: none; margin: 40px 0 0; padding: 0; font-size: 12px; min-width: 12em; }
#legend li { margin: 2px 0; white-space: nowrap; }
#legend .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%;
                  margin-right: 6px; vertical-align: -0.05em; }
#claims table { border-collapse: collapse; margin-top: 6px; }
#claims th, #claims td { border: 1px solid #ccc; padding: 3px 8px; text-align: left;
                         vertical-align: top; }
#claims .note { color: #555; font-size: 13px; max-width: 80em; }
h2 { font-size: 16px; margin: 14px 0 4px; }
.tools { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; }
.tools .note { color: #555; font-size: 12px; flex: 1 1 24em; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("explorer-data").textContent);
  const specs = JSON.parse(document.getElementById("explorer-spec").textContent);
  const AXES = {innovation: ["lo1", "hi1"], productivity: ["lo2", "hi2"]};
  const S = {lang: D.lang, cut: {}, msg: {}, bands: false};
  for (const n of Object.keys(D.cuts)) S.cut[n] = D.cuts[n].paper;
  let views = [];  // the portrait and the tables: the same signals in both

  const scale = n => Math.pow(10, D.cuts[n].decimals);
  const partner = n => ({lo1: "hi1", hi1: "lo1", lo2: "hi2", hi2: "lo2"})[n];
  const word = key => D.labels[S.lang][key];
  const num = v => (S.lang === "ru" ? String(v).replace(".", ",") : String(v));
  function fill(key, params) {
    return word(key).replace(/\{(\w+)\}/g, (m, p) => !(p in params) ? m :
      (typeof params[p] === "number" ? num(params[p]) : String(params[p])));
  }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // -- controls: one fieldset per axis, a slider (grid units) and a typed box per cut
  function build() {
    const root = document.getElementById("controls");
    for (const [axis, names] of Object.entries(AXES)) {
      const fs = el("fieldset", {"data-axis": axis});
      const legend = el("legend");
      const title = axis === "innovation" ? "axis.rd_per_employee"
                                          : "axis.value_added_per_employee";
      legend.append(el("b", {"data-l": "axis." + axis}), ": ", el("span", {"data-l": title}));
      fs.append(legend);
      for (const n of names) {
        const c = D.cuts[n], row = el("div", {"class": "cut"});
        const range = el("input", {type: "range", id: "range-" + n, name: n, min: "0",
                                   max: String(Math.round(c.top * scale(n))), step: "1"});
        const box = el("input", {type: "text", id: "box-" + n, inputmode: "decimal",
                                 autocomplete: "off"});
        row.append(el("label", {"for": "box-" + n, "data-l": c.which ? "cut.upper" : "cut.lower"}),
                   range, box);
        range.addEventListener("input", () => slid(n, Number(range.value)));
        box.addEventListener("change", () => typed(n, box.value));
        fs.append(row);
      }
      fs.append(el("div", {"class": "msg", id: "msg-" + axis, role: "status"}));
      root.append(fs);
      for (const n of names) show(n);
    }
    for (const r of document.querySelectorAll("input[name=lang]")) {
      r.checked = r.value === S.lang;
      r.addEventListener("change", () => { if (r.checked) setLang(r.value); });
    }
    const bands = document.getElementById("bands");
    bands.checked = S.bands;
    bands.addEventListener("change", () => setBands(bands.checked));
    document.getElementById("reset").addEventListener("click", () => {
      for (const n of Object.keys(D.cuts)) { S.cut[n] = D.cuts[n].paper; show(n); }
      for (const axis of Object.keys(AXES)) say(axis, null);
      update();
    });
  }

  function show(n) {
    document.getElementById("range-" + n).value = String(Math.round(S.cut[n] * scale(n)));
    document.getElementById("box-" + n).value = num(S.cut[n]);
  }

  function say(axis, message, kind) {
    S.msg[axis] = message ? {key: message[0], params: message[1], kind: kind || "error"} : null;
    const box = document.getElementById("msg-" + axis), m = S.msg[axis];
    box.className = "msg" + (m ? " " + m.kind : "");
    box.textContent = m ? fill(m.key, m.params) : "";
  }

  function slid(n, k) {
    const c = D.cuts[n], other = S.cut[partner(n)];
    let v = k / scale(n);
    if (c.which === 0 && v > other) { v = other; say(c.axis, ["static.drag_lower", {other}]); }
    else if (c.which === 1 && v < other) { v = other; say(c.axis, ["static.drag_upper", {other}]); }
    else say(c.axis, null);
    set(n, v);
  }

  function typed(n, text) {
    const c = D.cuts[n], kept = S.cut[n], other = S.cut[partner(n)];
    const v = Number(text.trim().replace(",", "."));
    const k = Math.round(v * scale(n));
    let problem = null;
    if (text.trim() === "" || Number.isNaN(v)) problem = ["static.not_number", {value: text, kept}];
    else if (!Number.isFinite(v) || v < 0) problem = ["explorer.input_negative", {value: v, kept}];
    else if (v > c.top) problem = ["explorer.input_above", {value: v, max: c.top, kept,
                                                             largest: c.largest}];
    else if (k / scale(n) !== v) problem = ["static.off_step", {value: v, step: 1 / scale(n),
                                                                kept}];
    else if (c.which === 0 && v > other) problem = ["explorer.input_lower_above",
                                                    {value: v, other, kept}];
    else if (c.which === 1 && v < other) problem = ["explorer.input_upper_below",
                                                    {value: v, other, kept}];
    if (problem) { say(c.axis, problem); show(n); return; }
    say(c.axis, null);
    set(n, k / scale(n));
  }

  function set(n, v) {
    S.cut[n] = v;
    show(n);
    update();
  }

  function update() {
    for (const [axis, [lo, hi]] of Object.entries(AXES)) {
      const m = S.msg[axis];
      if (S.cut[lo] === S.cut[hi] && (!m || m.kind === "info"))
        say(axis, ["explorer.equal_cuts", {value: S.cut[lo]}], "info");
      else if (m && m.kind === "info" && S.cut[lo] !== S.cut[hi]) say(axis, null);
    }
    for (const v of views) for (const n of Object.keys(D.cuts)) v.signal(n, S.cut[n]);
    claims();
    return Promise.all(views.map(v => v.runAsync()));
  }

  // -- the claims whose verdict flips, from the precomputed tables
  function classOf(starts, k) {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= k) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function verdictsNow() {
    const C = D.claims;
    const moved = Object.keys(AXES).filter(a => AXES[a].some(n => S.cut[n] !== D.cuts[n].paper));
    if (moved.length > 1) return null;
    if (!moved.length) return C.vectors[C.paper];
    const axis = moved[0], t = C.axes[axis], [lo, hi] = AXES[axis];
    const i = classOf(t.lower, Math.round(S.cut[lo] * scale(lo)));
    const j = classOf(t.upper, Math.round(S.cut[hi] * scale(hi)));
    if (t.table[i][j] < 0) throw new Error("no verdicts for " + S.cut[lo] + ", " + S.cut[hi]);
    return C.vectors[t.table[i][j]];
  }
  function claims() {
    const C = D.claims, root = document.getElementById("claims");
    root.replaceChildren(el("h2", {}, word("explorer.claims")));
    const now = verdictsNow(), paper = C.vectors[C.paper];
    if (now === null) {
      root.append(el("p", {id: "claims-both"}, word("static.claims_both")));
    } else {
      const flipped = C.ids.map((_, i) => i).filter(i => now[i] !== paper[i]);
      if (!flipped.length) root.append(el("p", {id: "claims-none"}, word("explorer.no_claims")));
      else {
        const table = el("table", {id: "claims-table"}), head = el("tr");
        for (const k of ["explorer.claim_id", "explorer.statement", "explorer.verdict_paper",
                         "explorer.verdict_now"]) head.append(el("th", {}, word(k)));
        table.append(el("thead"), el("tbody"));
        table.tHead.append(head);
        for (const i of flipped) {
          const tr = el("tr", {"data-claim": C.ids[i]});
          const words = word("verdicts");
          tr.append(el("td", {}, C.ids[i]), el("td", {lang: "en"}, C.statements[i]),
                    el("td", {}, words[paper[i]]), el("td", {}, words[now[i]]));
          table.tBodies[0].append(tr);
        }
        root.append(table);
      }
    }
    const note = fill("static.claims_note", {evaluations: C.evaluations});
    root.append(el("p", {"class": "note"}, note));
  }

  function setLang(lang) {
    S.lang = lang;
    document.documentElement.lang = lang;
    document.title = word("static.title");
    for (const e of document.querySelectorAll("[data-l]")) e.textContent = word(e.dataset.l);
    document.getElementById("data-note").textContent = word("data");
    document.getElementById("bands-note").textContent = S.bands ? word("bands_note") : "";
    const legend = document.getElementById("legend");
    legend.replaceChildren(...D.legend.map((colour, i) => {
      const item = el("li", {}), swatch = el("span", {"class": "swatch"});
      swatch.style.background = colour;
      item.append(swatch, word("cluster_names")[i]);
      return item;
    }));
    for (const n of Object.keys(D.cuts)) show(n);
    for (const axis of Object.keys(AXES)) {
      const m = S.msg[axis];
      if (m) say(axis, [m.key, m.params], m.kind);
    }
    claims();
    // names change length with the language: lay the views out again
    return Promise.all(views.map(v => v.signal("lang", lang).resize().runAsync()));
  }

  // the OECD R&D-intensity groups on the portrait (its "bands" signal), and their limits
  function setBands(on) {
    S.bands = Boolean(on);
    document.getElementById("bands").checked = S.bands;
    document.getElementById("bands-note").textContent = S.bands ? word("bands_note") : "";
    return views.length ? views[0].signal("bands", S.bands).runAsync() : Promise.resolve();
  }

  // for tests and the curious: setCuts({lo1: 0.2}) applies cuts on the grid without the
  // controls' checks; typed and slid are what the boxes and sliders call
  function setCuts(cuts) {
    for (const [n, v] of Object.entries(cuts)) { S.cut[n] = v; show(n); }
    return update();
  }
  window.explorer = {state: S, data: D, setCuts, typed, slid, setLang, setBands};
  const options = {mode: "vega", renderer: "svg", actions: false};
  window.explorer.ready = Promise.all(
    ["portrait", "tables"].map(name => vegaEmbed("#" + name, specs[name], options)))
    .then(results => {
      views = results.map(r => r.view);
      window.explorer.views = {portrait: views[0], tables: views[1]};
      build();
      return setLang(S.lang).then(update);
    }).then(() => { document.documentElement.dataset.ready = "1"; })
    .catch(err => {
      document.getElementById("portrait").textContent = String(err);
      console.error(err);
    });
})();
"""
