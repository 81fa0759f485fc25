// The lmc viz page: reads window.LMC_TRACE (trace.js) and shows its groups, each context's rewrites step by step
// (graph replayed from the node table, changed nodes marked, rule and source location, diff), code, launches, a
// kernel's passes with their times (passes.js) and device memory over time (memory.js).
"use strict";
// Errors are left on <body> too, where a headless test (and a user's bug report) can read them.
window.addEventListener("error", (e) => (document.body.dataset.error = e.message));
window.addEventListener("unhandledrejection", (e) => (document.body.dataset.error = String(e.reason)));

const T = window.LMC_TRACE || { nodes: [], groups: [], contexts: [], launches: [], beam: [], memory: [] };
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

// ---- Layout: a Web Worker when served, so large graphs never block the page; from file:// (Chrome refuses
// workers there) dagre runs on the page's thread. body[data-layout-thread] says which one a graph came from. ----
let worker = null;
const pending = new Map();
const pendingMsgs = new Map();
if (location.protocol !== "file:" && window.Worker) {
  try {
    worker = new Worker("assets/layout.js");
    worker.onmessage = (e) => {
      if (e.data.ready) return void (document.body.dataset.workerReady = "1");
      if (e.data.error) document.body.dataset.workerError = e.data.error;
      const done = pending.get(e.data.key);
      pending.delete(e.data.key);
      pendingMsgs.delete(e.data.key);
      if (done) done(e.data);
    };
    worker.onerror = (e) => {
      // A worker that cannot start (blocked, script error): finish what is pending on the main thread.
      document.body.dataset.workerError = e.message || "worker failed";
      worker = null;
      for (const [key, done] of pending) done(lmcLayout(pendingMsgs.get(key)));
      pending.clear();
      pendingMsgs.clear();
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
  hood.focus = null;
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
    li.querySelector(".count").textContent = steps + " steps" + (beamOf(i) ? " · BEAM" : "");
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
    if (ctx.duration_ns !== undefined) b.title = `${(ctx.duration_ns / 1000).toFixed(1)} us (the Passes tab lists every pass's time)`;
    b.onclick = () => {
      state.context = c;
      state.step = 0;
      hood.focus = null;
      render();
    };
    box.appendChild(b);
  }
}

const opClass = (op) =>
  /^(ADD|SUB|MUL|FLOORDIV|FLOORMOD|CDIV|CMOD|MAX|MIN|CMP|WHERE|NEG|AND|OR|XOR|SHL|SHR|EXP|LOG|SQRT|RECIP|CAST|BITCAST|FDIV|.*LT|.*EQ|.*NE)/.test(op)
    ? "alu"
    : /^(LOAD|STORE|BUFFER|PARAM|INDEX|DEFINE)/.test(op)
      ? "mem"
      : /^(RANGE|REDUCE|SINK|END|IF|ENDIF|SPECIAL)/.test(op)
        ? "ctl"
        : op === "CONST"
          ? "const"
          : "";

// ---- Large graphs: above LARGE nodes a step shows a neighbourhood (dagre needs ~0.3 s for 300 nodes and never
// finishes 5,000), centred on the nodes the step changed or on a node the user picks, grown breadth-first over
// sources and users until `budget` nodes. ----
const LARGE = 500;
const hood = { budget: 300, focus: null };
const MAX_BUDGET = 2400; // dagre needs tens of seconds beyond this, even in the worker

function usersOf(ids) {
  const users = new Map(ids.map((id) => [id, []]));
  for (const id of ids) for (const s of nodes.get(id).src) if (users.has(s)) users.get(s).push(id);
  return users;
}

// The nodes within reach of `centre`, nearest first, at most `budget` of them.
function neighbourhood(ids, centre, budget) {
  const users = usersOf(ids);
  const kept = new Set();
  let layer = centre.filter((id) => users.has(id));
  if (!layer.length) layer = [ids[ids.length - 1]]; // a centre no longer in the graph: its root instead
  while (layer.length && kept.size < budget) {
    const next = [];
    for (const id of layer) {
      if (kept.has(id)) continue;
      if (kept.size >= budget) break;
      kept.add(id);
      for (const s of nodes.get(id).src) if (!kept.has(s)) next.push(s);
      for (const u of users.get(id)) if (!kept.has(u)) next.push(u);
    }
    layer = next;
  }
  return { kept, users };
}

// One printed line for a node, as printGraph writes it.
const nodeLine = (id) => {
  const n = nodes.get(id);
  const src = n.src.length ? " (" + n.src.map(nodeName).join(", ") + ")" : "";
  return nodeName(id) + " = " + n.op + " " + n.dtype + (n.arg ? " [" + n.arg + "]" : "") + src;
};

function renderHoodBar(partial) {
  const bar = $("hood-bar");
  bar.hidden = !partial;
  document.body.dataset.partial = partial ? "1" : "0";
  if (!partial) return;
  $("hood-note").textContent =
    `Partial view: ${partial.shown} of ${partial.total} nodes, the neighbourhood of ` +
    (hood.focus !== null
      ? `node ${nodeName(hood.focus)}`
      : partial.changed
        ? `the ${partial.changed} node${partial.changed > 1 ? "s" : ""} this step changed`
        : partial.what) +
    `. Dashed nodes have neighbours not shown; double-click a node to centre on it.`;
  $("hood-widen").disabled = partial.shown >= partial.total || hood.budget >= MAX_BUDGET;
  $("hood-reset").disabled = hood.focus === null;
}

let renderToken = 0;
let firstGraph = true;
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
    renderHoodBar(null);
    return;
  }
  const step = state.step > 0 ? ctx.steps[state.step - 1] : null;
  const root = replay(ctx, state.step);
  const ids = subgraph(root);
  const large = ids.length > LARGE;
  if (step) {
    info.innerHTML = `rule <span class="rule"></span> at <span class="loc"></span> · <span class="ns"></span>`;
    info.querySelector(".rule").textContent = step.rule;
    // source_location paths are absolute on the build machine; the repository-relative part is what a reader needs.
    const file = step.file.replace(/^.*?\/(ir|rewrite|codegen|runtime|frontend|tools|tests)\//, "$1/");
    info.querySelector(".loc").textContent = `${file}:${step.line}`;
    info.querySelector(".ns").textContent = `${step.ns} ns · ${nodeName(step.before)} → ${nodeName(step.after)}`;
    const pre = $("diff");
    pre.textContent = "";
    const was = printGraph(step.before), now = printGraph(step.after);
    // jsdiff is quadratic in the worst case; the subgraph of a rewritten node in a huge graph can be thousands of
    // lines, so beyond that only the node's own line is compared.
    const big = was.length + now.length > 200000;
    const d = big ? Diff.diffLines(nodeLine(step.before) + "\n", nodeLine(step.after) + "\n") : Diff.diffLines(was + "\n", now + "\n");
    for (const part of d) {
      const span = document.createElement("span");
      span.className = part.added ? "add" : part.removed ? "del" : "same";
      let lines = part.value.replace(/\n$/, "").split("\n");
      // Long unchanged runs (a rewrite deep in a big graph) keep three lines of context on each side.
      if (!part.added && !part.removed && lines.length > 8)
        lines = [...lines.slice(0, 3), `… ${lines.length - 6} unchanged lines …`, ...lines.slice(-3)];
      span.textContent = lines.map((l) => (part.added ? "+ " : part.removed ? "- " : "  ") + l).join("\n");
      pre.appendChild(span);
    }
    if (big) pre.insertAdjacentHTML("beforeend", `<span class="same">(subgraphs too large to diff: the rewritten node only)</span>`);
  } else {
    info.innerHTML = `<span class="note"></span>`;
    info.querySelector(".note").textContent =
      n === 0 ? `${ctx.name}: no rule fired; the graph as recorded` : `${ctx.name}: the input graph; step forward to see each rule`;
    $("diff").textContent = "";
  }
  // Marked: the nodes this step's rule built (its result's subgraph, less what the graph already had); users
  // rebuilt above them are new nodes too, but not the rule's doing.
  const before = step ? new Set(subgraph(replay(ctx, state.step - 1))) : new Set();
  const made = step ? new Set(subgraph(step.after)) : new Set();
  const changed = new Set(ids.filter((id) => made.has(id) && !before.has(id)));

  let shown = ids, hidden = null, partial = null;
  if (large) {
    // Centre: the user's pick, else what the step built (or its result, when the rule returned an existing
    // node), else for the input graph where the first rule will fire, else the root.
    let centre, what = "";
    if (hood.focus !== null && ids.includes(hood.focus)) centre = [hood.focus];
    else {
      hood.focus = null;
      if (step) centre = changed.size ? [...changed] : [step.after];
      else if (n) (centre = [ctx.steps[0].before]), (what = "the node the first rule rewrites");
      else (centre = [root]), (what = "the root");
      if (step && !changed.size) what = "the step's result";
    }
    const { kept, users } = neighbourhood(ids, centre, hood.budget);
    shown = ids.filter((id) => kept.has(id));
    hidden = new Map();
    for (const id of shown) {
      const out = nodes.get(id).src.filter((s) => !kept.has(s)).length + users.get(id).filter((u) => !kept.has(u)).length;
      if (out) hidden.set(id, out);
    }
    partial = { shown: shown.length, total: ids.length, changed: hood.focus === null ? changed.size : 0, what };
  }
  renderHoodBar(partial);

  const label = (id) => {
    const nd = nodes.get(id);
    const arg = nd.arg.length > 28 ? nd.arg.slice(0, 27) + "…" : nd.arg;
    return [nd.op + " " + nd.dtype, arg];
  };
  const keep = new Set(shown);
  const msg = {
    nodes: shown.map((id) => {
      const [a, b] = label(id);
      return { id, w: Math.max(a.length, b.length) * 6.8 + 14, h: b ? 34 : 22 };
    }),
    edges: [],
  };
  for (const id of shown) for (const s of nodes.get(id).src) if (keep.has(s)) msg.edges.push([s, id]);
  const token = ++renderToken;
  const drawnFor = `${state.context}:${state.step}`;
  $("graph-status").textContent = `laying out ${shown.length} nodes…`;
  const t0 = performance.now();
  const key = `${state.context}:${root}` + (large ? `:${hood.focus}:${hood.budget}:${state.step}` : "");
  layout(key, msg).then((lay) => {
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
        `node ${opClass(nodes.get(nd.id).op)}` +
          (changed.has(nd.id) ? " changed" : "") +
          (step && nd.id === step.after ? " root-after" : "") +
          (hidden && hidden.has(nd.id) ? " boundary" : "") +
          (nd.id === hood.focus ? " focus" : ""),
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
      title.textContent = nodeLine(nd.id) + (hidden && hidden.has(nd.id) ? `\n${hidden.get(nd.id)} neighbours not shown` : "");
      el.appendChild(title);
      el.addEventListener("dblclick", (ev) => {
        ev.stopPropagation();
        hood.focus = nd.id;
        render();
      });
      g.appendChild(el);
    }
    // The whole graph when it fits at a readable size; else the step's result (or the picked node) at full size,
    // where a wheel zooms out.
    const box = svg.getBoundingClientRect();
    const fit = Math.min(box.width / lay.width, box.height / lay.height);
    const at = hood.focus ?? (step ? step.after : n ? ctx.steps[0].before : root);
    if (fit < 0.45 && lay.pos[at]) {
      const [cx, cy] = lay.pos[at];
      view = { x: cx - box.width / 2, y: cy - box.height / 3, w: box.width, h: box.height };
    } else {
      view = { x: 0, y: 0, w: Math.max(lay.width, 200), h: Math.max(lay.height, 100) };
    }
    applyView();
    const ms = performance.now() - t0;
    $("graph-status").textContent =
      `${shown.length}` + (partial ? ` of ${ids.length}` : "") + ` nodes · ${changed.size} changed · layout ${ms.toFixed(0)} ms` +
      (worker ? "" : " (main thread)");
    const b = document.body.dataset;
    b.graphReady = "1";
    b.graphFor = drawnFor;
    b.graphNodes = shown.length;
    b.graphTotal = ids.length;
    b.graphMs = ms.toFixed(0);
    b.layoutThread = lay.thread || "main";
    // Time from navigation to the first drawn graph: what a user waits for when opening a trace.
    if (firstGraph) (firstGraph = false), (b.firstGraphMs = performance.now().toFixed(0));
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

// ---- BEAM: each search belongs to its kernel's group; a search recorded before its kernel's group opened
// (group -1) goes to the next kernel group of the same name that has none yet, in trace order. ----
const beamByGroup = new Map();
for (const s of T.beam || []) {
  let g = s.group;
  if (!(g >= 0 && groups[g])) g = groups.findIndex((x) => x.kind === "kernel" && x.name === s.kernel && !beamByGroup.has(x.index));
  if (g >= 0) beamByGroup.set(g, s);
}
const beamOf = (g) => beamByGroup.get(g);

const fmtMs = (v) => (v >= 0 ? v.toFixed(4) : "—");
function renderBeam() {
  const box = $("beam");
  box.textContent = "";
  if (!T.beam || !T.beam.length) {
    box.innerHTML = `<p class="note">No BEAM search was recorded in this trace (run the program with LMC_BEAM=N and LMC_VIZ=1).</p>`;
    return;
  }
  const s = beamOf(state.group);
  if (!s) {
    const p = document.createElement("p");
    p.className = "note";
    p.textContent = `No BEAM search for ${groups[state.group] ? groups[state.group].name : "this context"}; kernels with one: `;
    box.appendChild(p);
    for (const [g] of beamByGroup) {
      const a = document.createElement("a");
      a.className = "step-link";
      a.textContent = groups[g].name;
      a.onclick = () => selectGroup(g);
      p.appendChild(a);
    }
    return;
  }
  const head = document.createElement("p");
  head.id = "beam-head";
  const speedup = s.default_ms > 0 && s.best_ms > 0 ? ` (${(s.default_ms / s.best_ms).toFixed(2)}× the heuristic opts)` : "";
  head.textContent =
    `${s.kernel} on ${s.device}: beam width ${s.beam_width}, ${s.candidates.length} candidates, ` +
    `${s.search_seconds.toFixed(3)} s` + (s.from_cache ? " (opts from the cache: no candidates were timed)" : "") +
    ` · unoptimized ${fmtMs(s.unoptimized_ms)} ms · heuristic ${fmtMs(s.default_ms)} ms · chosen ${s.best_opts} ${fmtMs(s.best_ms)} ms` + speedup;
  box.appendChild(head);
  const table = document.createElement("table");
  table.className = "rules beam";
  table.innerHTML = "<tr><th>#</th><th>round</th><th>opts</th><th>status</th><th>time (ms)</th><th>vs heuristic</th><th>error</th></tr>";
  let chosen = false;
  s.candidates.forEach((c, i) => {
    const tr = table.insertRow();
    const best = !chosen && c.status === "ok" && c.opts === s.best_opts;
    if (best) chosen = true;
    tr.className = "status-" + c.status + (best ? " chosen" : "");
    const rel = c.time_ms > 0 && s.default_ms > 0 ? (s.default_ms / c.time_ms).toFixed(2) + "×" : "";
    [i, c.round, c.opts + (best ? "  ✓ chosen" : ""), c.status, fmtMs(c.time_ms), rel].forEach((v) => (tr.insertCell().textContent = v));
    const err = tr.insertCell();
    err.className = "error";
    err.textContent = c.error.length > 160 ? c.error.slice(0, 159) + "…" : c.error;
    err.title = c.error;
  });
  box.appendChild(table);
}

function goTo(group, context, step) {
  state.group = group;
  state.context = context;
  state.step = step;
  state.tab = "rewrites";
  hood.focus = null;
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
  $("beam-tab").classList.toggle("has-search", !!beamOf(state.group));
  for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t.id === "tab-" + state.tab);
  if (state.tab === "rewrites") renderGraph();
  if (state.tab === "code") renderCode();
  if (state.tab === "timeline") renderTimeline();
  if (state.tab === "beam") renderBeam();
  if (state.tab === "search") renderSearch();
  if (state.tab === "passes") renderPasses();
  if (state.tab === "memory") renderMemory();
  writeHash();
}

function stepBy(d) {
  const ctx = T.contexts[state.context];
  if (!ctx) return;
  state.step = Math.max(0, Math.min(ctx.steps.length, state.step + d));
  hood.focus = null;
  render();
}

$("prev").onclick = () => stepBy(-1);
$("next").onclick = () => stepBy(1);
$("step-slider").oninput = (e) => {
  state.step = +e.target.value;
  hood.focus = null;
  render();
};
$("hood-widen").onclick = () => {
  hood.budget = Math.min(MAX_BUDGET, hood.budget * 2);
  render();
};
$("hood-narrow").onclick = () => {
  hood.budget = Math.max(50, Math.floor(hood.budget / 2));
  render();
};
$("hood-reset").onclick = () => {
  hood.focus = null;
  render();
};
$("hood-node").onchange = (e) => {
  const m = /^\s*([nt]?)(\d+)\s*$/.exec(e.target.value);
  if (!m) return;
  hood.focus = m[1] === "t" ? -m[2] : +m[2];
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
