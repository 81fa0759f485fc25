// The Passes view: a kernel's lowering in the order it ran (opts, the rewrite passes, linearize, render, compile)
// with the wall time of each, from the contexts' and the group's phases' times (rewrite/trace_json.hpp). A rewrite
// pass's row steps into it. Loaded before app.js, whose globals (T, $, groups, state, render) it reads when called.
"use strict";

// The group's rows by start time: its rewrite contexts and its timed phases, each indented under every row whose
// interval holds it (a rewrite run inside another, or inside a phase).
function passRows(g) {
  const rows = g.contexts.map((c) => ({ kind: "rewrite", context: c, name: T.contexts[c].name, steps: T.contexts[c].steps.length,
    start: T.contexts[c].start_ns, ns: T.contexts[c].duration_ns }));
  for (const p of g.phases || []) rows.push({ kind: "phase", context: -1, name: p.name, steps: null, start: p.start_ns, ns: p.duration_ns });
  const timed = rows.every((r) => r.start !== undefined && r.ns !== undefined);
  if (timed) rows.sort((a, b) => a.start - b.start || b.ns - a.ns);
  for (const r of rows)
    r.indent = timed ? rows.filter((o) => o !== r && o.start <= r.start && r.start + r.ns <= o.start + o.ns && o.ns > r.ns).length : 0;
  return { rows, timed };
}

function renderPasses() {
  const box = $("passes");
  box.textContent = "";
  const g = groups[state.group];
  if (!g) return;
  const { rows, timed } = passRows(g);
  const head = document.createElement("p");
  head.id = "passes-head";
  // The kernel's lowering from the first pass's start to the last one's end (rows nested in others count once).
  const total = timed && rows.length ? Math.max(...rows.map((r) => r.start + r.ns)) - Math.min(...rows.map((r) => r.start)) : 0;
  head.textContent = `${g.name}: ${rows.length} passes` + (timed ? ` · ${(total / 1e6).toFixed(3)} ms from the first to the end of the last` : " (this trace has no pass times)");
  box.appendChild(head);
  const table = document.createElement("table");
  table.className = "rules passes";
  table.innerHTML = "<tr><th>#</th><th>pass</th><th>kind</th><th>steps</th><th>time (us)</th><th>share</th></tr>";
  rows.forEach((r, i) => {
    const tr = table.insertRow();
    tr.className = "pass " + r.kind + (r.context >= 0 && r.context === state.context ? " active" : "");
    tr.dataset.name = r.name;
    tr.dataset.context = r.context;
    tr.dataset.ns = r.ns ?? "";
    tr.insertCell().textContent = i;
    const name = tr.insertCell();
    name.className = "pass-name";
    name.style.paddingLeft = 8 + 14 * r.indent + "px";
    name.textContent = r.name;
    tr.insertCell().textContent = r.kind;
    tr.insertCell().textContent = r.steps ?? "";
    tr.insertCell().textContent = r.ns !== undefined ? (r.ns / 1000).toFixed(1) : "—";
    const share = tr.insertCell();
    if (timed && total > 0) {
      const bar = document.createElement("span");
      bar.className = "pass-bar";
      bar.style.width = Math.max(1, Math.round((200 * r.ns) / total)) + "px";
      share.appendChild(bar);
      share.appendChild(document.createTextNode(" " + ((100 * r.ns) / total).toFixed(1) + "%"));
    }
    if (r.context >= 0)
      tr.onclick = () => {
        state.context = r.context;
        state.step = 0;
        state.tab = "rewrites";
        hood.focus = null;
        render();
      };
  });
  box.appendChild(table);
  if (!rows.length) box.insertAdjacentHTML("beforeend", `<p class="note">This group ran no pass.</p>`);
  document.body.dataset.passesFor = state.group;
}
