// The lmc viz page: reads window.LMC_TRACE (trace.js) and shows its groups, each context's rewrites step by step
// (graph replayed from the node table, changed nodes marked, rule and source location, diff), code, launches.
"use strict";
// Errors are left on <body> too, where a headless test (and a user's bug report) can read them.
window.addEventListener("error", (e) => (document.body.dataset.error = e.message));
window.addEventListener("unhandledrejection", (e) => (document.body.dataset.error = String(e.reason)));

const T = window.LMC_TRACE || { nodes: [], groups: [], contexts: [], launches: [], beam: [] };
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

// ---- The node table and replay (trace_json.hpp: a step's graph is the input with earlier steps substituted) ----
const nodes = new Map(); // id -> {id, op, dtype, src, arg, shape}
const byKey = new Map(); // structural key -> id, so a rebuilt user finds the node the rewriter built
const keyOf = (op, dtype, arg, src) => op + "|" + dtype + "|" + arg + "|" + src.join(",");
for (const n of T.nodes) {
  nodes.set(n.id, n);
  byKey.set(keyOf(n.op, n.dtype, n.arg, n.src), n.id);
}
let synthetic = -1; // users rebuilt during replay that the trace never recorded get negative ids
function intern(op, dtype, arg, src) {
  const k = keyOf(op, dtype, arg, src);
  let id = byKey.get(k);
  if (id === undefined) {
    id = synthetic--;
    nodes.set(id, { id, op, dtype, src, arg });
    byKey.set(k, id);
  }
  return id;
}

// The root of context `ctx`'s graph after its first k steps.
function replay(ctx, k) {
  const R = new Map();
  for (let i = 0; i < k; i++) R.set(ctx.steps[i].before, ctx.steps[i].after);
  const memo = new Map();
  function build(id) {
    if (memo.has(id)) return memo.get(id);
    let cur = id;
    for (let guard = 0; R.has(cur) && guard < 10000; guard++) cur = R.get(cur);
    const n = nodes.get(cur);
    let out = cur;
    if (n) {
      const src = n.src.map(build);
      if (src.some((s, i) => s !== n.src[i])) {
        out = intern(n.op, n.dtype, n.arg, src);
        if (R.has(out)) out = build(out); // the rebuilt user was itself rewritten
      }
    }
    memo.set(id, out);
    return out;
  }
  return build(ctx.input);
}

function subgraph(root) {
  const seen = new Set();
  const order = [];
  const stack = [[root, 0]];
  seen.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const n = nodes.get(top[0]);
    if (n && top[1] < n.src.length) {
      const s = n.src[top[1]++];
      if (!seen.has(s)) {
        seen.add(s);
        stack.push([s, 0]);
      }
      continue;
    }
    order.push(top[0]);
    stack.pop();
  }
  return order; // sources before users
}

const nodeName = (id) => (id < 0 ? "t" + -id : "n" + id);
function printGraph(root) {
  return subgraph(root)
    .map((id) => {
      const n = nodes.get(id);
      const src = n.src.length ? " (" + n.src.map(nodeName).join(", ") + ")" : "";
      return nodeName(id) + " = " + n.op + " " + n.dtype + (n.arg ? " [" + n.arg + "]" : "") + src;
    })
    .join("\n");
}

// ---- Layout: a worker when served, the main thread from file:// (Chrome refuses workers there) or with
// "&sync=1" in the hash (headless Chromium's virtual time runs out without waiting for a worker, so its test
// asks for this) ----
let worker = null;
const pending = new Map();
const pendingMsgs = new Map();
if (location.protocol !== "file:" && window.Worker && !/[#&]sync=1/.test(location.hash)) {
  try {
    worker = new Worker("assets/layout.js");
    worker.onmessage = (e) => {
      if (e.data.ready) return void (document.body.dataset.workerReady = "1");
      if (e.data.error) document.body.dataset.workerError = e.data.error;
      const done = pending.get(e.data.key);
      pending.delete(e.data.key);
      if (done) done(e.data);
    };
    worker.onerror = (e) => {
      // A worker that cannot start (blocked, script error): finish what is pending on the main thread.
      document.body.dataset.workerError = e.message || "worker failed";
      worker = null;
      for (const [key, done] of pending) done(lmcLayout(pendingMsgs.get(key)));
      pending.clear();
    };
  } catch (err) {
    worker = null;
  }
}
const layoutCache = new Map();
function layout(key, msg) {
  if (layoutCache.has(key)) return Promise.resolve(layoutCache.get(key));
  msg.key = key;
  const p = worker
    ? new Promise((resolve) => {
        pending.set(key, resolve);
        pendingMsgs.set(key, msg);
        worker.postMessage(msg);
      })
    : new Promise((resolve) => setTimeout(() => resolve(lmcLayout(msg)), 0));
  return p.then((r) => {
    layoutCache.set(key, r);
    return r;
  });
}

// ---- State and navigation (kept in the URL hash so a view can be linked and tests can open one) ----
const state = { group: 0, context: -1, step: 0, tab: "rewrites" };
const groups = T.groups.map((g, i) => ({ ...g, index: i }));
const loose = T.contexts.map((c, i) => i).filter((i) => T.contexts[i].group < 0);
if (loose.length) groups.push({ name: "other rewrites", kind: "other", contexts: loose, source: "", index: groups.length });

function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.has("g")) state.group = Math.min(+h.get("g"), groups.length - 1);
  if (h.has("c")) state.context = +h.get("c");
  if (h.has("s")) state.step = +h.get("s");
  if (h.has("tab")) state.tab = h.get("tab");
  if (h.has("q")) $("rule-search").value = h.get("q");
}
function writeHash() {
  const q = $("rule-search").value;
  const h = `g=${state.group}&c=${state.context}&s=${state.step}&tab=${state.tab}` + (q ? "&q=" + encodeURIComponent(q) : "");
  history.replaceState(null, "", "#" + h);
}

function selectGroup(g) {
  state.group = g;
  const ctxs = groups[g] ? groups[g].contexts : [];
  // The first context that rewrote something, else the first.
  state.context = ctxs.find((c) => T.contexts[c].steps.length) ?? ctxs[0] ?? -1;
  state.step = 0;
  render();
}

function renderSidebar() {
  const ul = $("groups");
  ul.textContent = "";
  groups.forEach((g, i) => {
    const li = document.createElement("li");
    li.className = "group" + (i === state.group ? " active" : "");
    li.dataset.kind = g.kind;
    const steps = g.contexts.reduce((a, c) => a + T.contexts[c].steps.length, 0);
    li.innerHTML = `<span class="kind"></span><span class="name"></span><span class="count"></span>`;
    li.querySelector(".kind").textContent = g.kind;
    li.querySelector(".name").textContent = g.name;
    li.querySelector(".count").textContent = steps + " steps";
    li.onclick = () => selectGroup(i);
    ul.appendChild(li);
  });
}

function renderContexts() {
  const box = $("contexts");
  box.textContent = "";
  const g = groups[state.group];
  if (!g) return;
  for (const c of g.contexts) {
    const ctx = T.contexts[c];
    const b = document.createElement("button");
    b.className = "context" + (c === state.context ? " active" : "");
    b.textContent = `${ctx.name} (${ctx.steps.length})`;
    b.onclick = () => {
      state.context = c;
      state.step = 0;
      render();
    };
    box.appendChild(b);
  }
}

const opClass = (op) =>
  /^(ADD|SUB|MUL|IDIV|MOD|CDIV|CMOD|MAX|MIN|CMP|WHERE|NEG|AND|OR|XOR|SHL|SHR|EXP|LOG|SQRT|RECIP|CAST|BITCAST|FDIV|.*LT|.*EQ|.*NE)/.test(op)
    ? "alu"
    : /^(LOAD|STORE|BUFFER|PARAM|INDEX|DEFINE)/.test(op)
      ? "mem"
      : /^(RANGE|REDUCE|SINK|END|IF|ENDIF|SPECIAL)/.test(op)
        ? "ctl"
        : op === "CONST"
          ? "const"
          : "";

let renderToken = 0;
function renderGraph() {
  const ctx = T.contexts[state.context];
  const svg = $("graph");
  const n = ctx ? ctx.steps.length : 0;
  $("step-slider").max = n;
  $("step-slider").value = state.step;
  $("step-label").textContent = ctx ? `step ${state.step} of ${n}` + (state.step === 0 ? " (input)" : "") : "";
  const info = $("rule-info");
  info.textContent = "";
  if (!ctx) {
    svg.textContent = "";
    return;
  }
  const step = state.step > 0 ? ctx.steps[state.step - 1] : null;
  if (step) {
    info.innerHTML = `rule <span class="rule"></span> at <span class="loc"></span> · <span class="ns"></span>`;
    info.querySelector(".rule").textContent = step.rule;
    // source_location paths are absolute on the build machine; the repository-relative part is what a reader needs.
    const file = step.file.replace(/^.*?\/(ir|rewrite|codegen|runtime|frontend|tools|tests)\//, "$1/");
    info.querySelector(".loc").textContent = `${file}:${step.line}`;
    info.querySelector(".ns").textContent = `${step.ns} ns · ${nodeName(step.before)} → ${nodeName(step.after)}`;
    const d = Diff.diffLines(printGraph(step.before) + "\n", printGraph(step.after) + "\n");
    const pre = $("diff");
    pre.textContent = "";
    for (const part of d) {
      const span = document.createElement("span");
      span.className = part.added ? "add" : part.removed ? "del" : "same";
      span.textContent = part.value.replace(/\n$/, "").replace(/^/gm, part.added ? "+ " : part.removed ? "- " : "  ");
      pre.appendChild(span);
    }
  } else {
    info.innerHTML = `<span class="note"></span>`;
    info.querySelector(".note").textContent =
      n === 0 ? `${ctx.name}: no rule fired; the graph as recorded` : `${ctx.name}: the input graph; step forward to see each rule`;
    $("diff").textContent = "";
  }
  const root = replay(ctx, state.step);
  const before = state.step > 0 ? new Set(subgraph(replay(ctx, state.step - 1))) : new Set();
  const ids = subgraph(root);
  // Marked: the nodes this step's rule built (its result's subgraph, less what the graph already had); users
  // rebuilt above them are new nodes too, but not the rule's doing.
  const made = step ? new Set(subgraph(step.after)) : new Set();
  const changed = new Set(ids.filter((id) => made.has(id) && !before.has(id)));
  const label = (id) => {
    const nd = nodes.get(id);
    const arg = nd.arg.length > 28 ? nd.arg.slice(0, 27) + "…" : nd.arg;
    return [nd.op + " " + nd.dtype, arg];
  };
  const msg = {
    nodes: ids.map((id) => {
      const [a, b] = label(id);
      return { id, w: Math.max(a.length, b.length) * 6.8 + 14, h: b ? 34 : 22 };
    }),
    edges: [],
  };
  for (const id of ids) for (const s of nodes.get(id).src) msg.edges.push([s, id]);
  const token = ++renderToken;
  $("graph-status").textContent = `laying out ${ids.length} nodes…`;
  const t0 = performance.now();
  layout(`${state.context}:${root}`, msg).then((lay) => {
    if (token !== renderToken) return; // a newer step was asked for meanwhile
    svg.textContent = "";
    const g = document.createElementNS(SVG, "g");
    svg.appendChild(g);
    for (const e of lay.edges) {
      const p = document.createElementNS(SVG, "polyline");
      p.setAttribute("class", "edge");
      p.setAttribute("points", e.points.map((q) => q.join(",")).join(" "));
      g.appendChild(p);
    }
    for (const nd of msg.nodes) {
      const [x, y] = lay.pos[nd.id];
      const el = document.createElementNS(SVG, "g");
      el.setAttribute(
        "class",
        `node ${opClass(nodes.get(nd.id).op)}` + (changed.has(nd.id) ? " changed" : "") +
          (step && nd.id === step.after ? " root-after" : ""),
      );
      el.setAttribute("transform", `translate(${x - nd.w / 2},${y - nd.h / 2})`);
      el.dataset.id = nd.id;
      const r = document.createElementNS(SVG, "rect");
      r.setAttribute("width", nd.w);
      r.setAttribute("height", nd.h);
      el.appendChild(r);
      const [a, b] = label(nd.id);
      [a, b].forEach((t, i) => {
        if (!t) return;
        const tx = document.createElementNS(SVG, "text");
        tx.setAttribute("x", 7);
        tx.setAttribute("y", 14 + i * 13);
        tx.textContent = t;
        el.appendChild(tx);
      });
      const title = document.createElementNS(SVG, "title");
      title.textContent = printGraph(nd.id).split("\n").pop();
      el.appendChild(title);
      g.appendChild(el);
    }
    view = { x: 0, y: 0, w: Math.max(lay.width, 200), h: Math.max(lay.height, 100) };
    applyView();
    const ms = performance.now() - t0;
    $("graph-status").textContent = `${ids.length} nodes · ${changed.size} changed · layout ${ms.toFixed(0)} ms` + (worker ? "" : " (main thread)");
    document.body.dataset.graphReady = "1";
    document.body.dataset.graphNodes = ids.length;
    document.body.dataset.graphMs = ms.toFixed(0);
  });
}

// Pan (drag) and zoom (wheel) by moving the SVG's viewBox.
let view = { x: 0, y: 0, w: 100, h: 100 };
function applyView() {
  $("graph").setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
}
(function panZoom() {
  const svg = $("graph");
  let drag = null;
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const f = e.deltaY > 0 ? 1.15 : 1 / 1.15;
    const r = svg.getBoundingClientRect();
    const mx = view.x + ((e.clientX - r.left) / r.width) * view.w;
    const my = view.y + ((e.clientY - r.top) / r.height) * view.h;
    view = { x: mx - (mx - view.x) * f, y: my - (my - view.y) * f, w: view.w * f, h: view.h * f };
    applyView();
  });
  svg.addEventListener("mousedown", (e) => (drag = { x: e.clientX, y: e.clientY, v: { ...view } }));
  window.addEventListener("mouseup", () => (drag = null));
  window.addEventListener("mousemove", (e) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    const s = Math.max(drag.v.w / r.width, drag.v.h / r.height);
    view = { ...drag.v, x: drag.v.x - (e.clientX - drag.x) * s, y: drag.v.y - (e.clientY - drag.y) * s };
    applyView();
  });
})();

function renderCode() {
  const g = groups[state.group];
  const code = $("code-text");
  if (!g || !g.source) {
    $("code-head").textContent = g && g.kind === "kernel" ? "no code was recorded for this kernel" : "pick a kernel to see its code";
    code.textContent = "";
    return;
  }
  $("code-head").textContent = `${g.name} · ${g.device}`;
  code.textContent = g.source;
  code.className = g.device === "CUDA" ? "language-cpp" : "language-llvm";
  delete code.dataset.highlighted;
  if (window.hljs) hljs.highlightElement(code);
}

function renderTimeline() {
  const box = $("timeline");
  box.textContent = "";
  if (!T.launches.length) {
    box.innerHTML = `<p class="note">No launches were recorded.</p>`;
    return;
  }
  const lanes = [...new Set(T.launches.map((l) => `${l.device}/${l.stream}`))];
  const t0 = Math.min(...T.launches.map((l) => l.start_ns));
  const t1 = Math.max(...T.launches.map((l) => l.start_ns + l.duration_ns));
  const W = Math.max(box.clientWidth - 20, 600), left = 120, laneH = 28;
  const scale = (W - left - 10) / Math.max(t1 - t0, 1);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", W);
  svg.setAttribute("height", lanes.length * laneH + 30);
  lanes.forEach((lane, i) => {
    const t = document.createElementNS(SVG, "text");
    t.setAttribute("class", "lane-label");
    t.setAttribute("x", 4);
    t.setAttribute("y", i * laneH + 18);
    t.textContent = lane;
    svg.appendChild(t);
  });
  for (const l of T.launches) {
    const r = document.createElementNS(SVG, "rect");
    r.setAttribute("class", "launch");
    r.setAttribute("x", left + (l.start_ns - t0) * scale);
    r.setAttribute("y", lanes.indexOf(`${l.device}/${l.stream}`) * laneH + 4);
    r.setAttribute("width", Math.max(l.duration_ns * scale, 2));
    r.setAttribute("height", laneH - 8);
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${l.kernel}: ${(l.duration_ns / 1000).toFixed(1)} us at +${((l.start_ns - t0) / 1000).toFixed(1)} us`;
    r.appendChild(title);
    if (l.group >= 0) r.onclick = () => selectGroup(l.group);
    svg.appendChild(r);
  }
  const axis = document.createElementNS(SVG, "text");
  axis.setAttribute("class", "lane-label");
  axis.setAttribute("x", left);
  axis.setAttribute("y", lanes.length * laneH + 22);
  axis.textContent = `0 … ${((t1 - t0) / 1e6).toFixed(3)} ms (host wall time)`;
  svg.appendChild(axis);
  box.appendChild(svg);
  const table = document.createElement("table");
  table.className = "rules";
  table.innerHTML = "<tr><th>#</th><th>kernel</th><th>device/stream</th><th>start (us)</th><th>duration (us)</th></tr>";
  T.launches.forEach((l, i) => {
    const tr = table.insertRow();
    [i, l.kernel, `${l.device}/${l.stream}`, ((l.start_ns - t0) / 1000).toFixed(1), (l.duration_ns / 1000).toFixed(1)].forEach(
      (v) => (tr.insertCell().textContent = v),
    );
  });
  box.appendChild(table);
}

function renderBeam() {
  const box = $("beam");
  if (!T.beam || !T.beam.length) {
    box.innerHTML = `<p class="note">No BEAM search was recorded in this trace (lmc has no BEAM search yet; its candidates, opts and times will appear here).</p>`;
  }
}

function goTo(group, context, step) {
  state.group = group;
  state.context = context;
  state.step = step;
  state.tab = "rewrites";
  render();
}

function renderSearch() {
  const box = $("search-results");
  const q = $("rule-search").value.trim().toLowerCase();
  box.textContent = "";
  const hits = new Map(); // rule -> [[context, step]]
  T.contexts.forEach((c, ci) =>
    c.steps.forEach((s, si) => {
      if (q && !s.rule.toLowerCase().includes(q)) return;
      if (!hits.has(s.rule)) hits.set(s.rule, []);
      hits.get(s.rule).push([ci, si]);
    }),
  );
  const table = document.createElement("table");
  table.className = "rules";
  table.innerHTML = "<tr><th>rule</th><th>fired</th><th>steps (group / context / step)</th></tr>";
  for (const [rule, list] of [...hits].sort((a, b) => b[1].length - a[1].length)) {
    const tr = table.insertRow();
    tr.insertCell().textContent = rule;
    tr.insertCell().textContent = list.length;
    const cell = tr.insertCell();
    for (const [ci, si] of list.slice(0, 40)) {
      const gi = groups.findIndex((g) => g.contexts.includes(ci));
      const a = document.createElement("a");
      a.className = "step-link";
      a.textContent = `${gi >= 0 ? groups[gi].name : "?"}/${T.contexts[ci].name}/${si + 1}`;
      a.onclick = () => goTo(gi, ci, si + 1);
      cell.appendChild(a);
    }
    if (list.length > 40) cell.appendChild(document.createTextNode(`… ${list.length - 40} more`));
  }
  box.appendChild(table);
  if (!hits.size) box.insertAdjacentHTML("beforeend", `<p class="note">No step fired a rule matching that.</p>`);
}

function render() {
  renderSidebar();
  renderContexts();
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === state.tab);
  for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t.id === "tab-" + state.tab);
  if (state.tab === "rewrites") renderGraph();
  if (state.tab === "code") renderCode();
  if (state.tab === "timeline") renderTimeline();
  if (state.tab === "beam") renderBeam();
  if (state.tab === "search") renderSearch();
  writeHash();
}

function stepBy(d) {
  const ctx = T.contexts[state.context];
  if (!ctx) return;
  state.step = Math.max(0, Math.min(ctx.steps.length, state.step + d));
  render();
}

$("prev").onclick = () => stepBy(-1);
$("next").onclick = () => stepBy(1);
$("step-slider").oninput = (e) => {
  state.step = +e.target.value;
  render();
};
window.addEventListener("keydown", (e) => {
  if (e.target.tagName === "INPUT" && e.target.type !== "range") return;
  if (e.key === "ArrowRight") stepBy(1);
  if (e.key === "ArrowLeft") stepBy(-1);
});
for (const b of document.querySelectorAll("#tabs button"))
  b.onclick = () => {
    state.tab = b.dataset.tab;
    render();
  };
$("rule-search").oninput = () => {
  state.tab = "search";
  render();
};

const ruleCount = T.contexts.reduce((a, c) => a + c.steps.length, 0);
$("summary").textContent = `${T.groups.filter((g) => g.kind === "kernel").length} kernels · ${T.contexts.length} rewrites · ${ruleCount} steps · ${T.nodes.length} nodes · ${T.launches.length} launches`;
if (!window.LMC_TRACE) $("summary").textContent = "no trace loaded (trace.js is missing)";
readHash();
if (state.context < 0 || !T.contexts[state.context]) {
  // Open on the first kernel, where a user usually starts.
  const k = groups.findIndex((g) => g.kind === "kernel");
  selectGroup(location.hash.includes("g=") ? state.group : Math.max(k, 0));
} else {
  render();
}
