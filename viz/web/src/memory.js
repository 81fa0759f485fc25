// The Memory view: per device, the bytes live over time (a step graph), each buffer as a bar over its lifetime,
// the peak marked with its value, and the allocator's cache, rebuilt from the trace's memory events
// (rewrite/trace_json.hpp). Loaded before app.js, whose globals (T, $, SVG, selectGroup) it reads when called.
"use strict";

const fmtBytes = (b) =>
  b >= 1 << 30 ? (b / (1 << 30)).toFixed(2) + " GiB" : b >= 1 << 20 ? (b / (1 << 20)).toFixed(2) + " MiB" : b >= 1024 ? (b / 1024).toFixed(1) + " KiB" : b + " B";
const fmtUs = (ns) => (ns / 1000).toFixed(1) + " us";
let memoryByEvent = false; // the x axis: time, or one step per allocation or free
const MAX_BARS = 4000;

// Per device: its buffers (alloc/free times; free null when still live at the end of the trace), the live-bytes and
// cache step functions, and the peak. A free of a buffer allocated before tracing began is not counted: its bytes
// were never added.
function memoryModel(events) {
  const devices = new Map();
  const device = (name) => {
    if (!devices.has(name)) devices.set(name, { name, buffers: [], open: new Map(), live: [[0, 0]], cache: [], peak: 0, peakAt: 0, now: 0 });
    return devices.get(name);
  };
  // Each buffer's band sits on the ones allocated before it and still live, as tinygrad's memory graph stacks them,
  // so the bands fill exactly the live-bytes curve.
  const sorted = events.map((e, i) => [e, i]).sort((a, b) => a[0].t_ns - b[0].t_ns || a[1] - b[1]).map((x) => x[0]);
  for (const e of sorted) {
    const d = device(e.device);
    if (e.kind === "alloc") {
      // Stacked on the buffers live before it: its band starts at the bytes live so far.
      const b = { id: e.buffer, bytes: e.bytes, label: e.label, alloc: e.t_ns, free: null, fromCache: e.from_cache, offsets: [[e.t_ns, d.now]] };
      d.buffers.push(b);
      d.open.set(e.buffer, b);
      d.now += e.bytes;
      if (d.now > d.peak) (d.peak = d.now), (d.peakAt = e.t_ns);
    } else if (e.kind === "free" && d.open.has(e.buffer)) {
      const f = d.open.get(e.buffer);
      f.free = e.t_ns;
      d.open.delete(e.buffer);
      d.now -= e.bytes;
      // The bands above the freed one drop by its bytes (Map iterates in allocation order).
      const top = f.offsets[f.offsets.length - 1][1];
      for (const b of d.open.values()) {
        const at = b.offsets[b.offsets.length - 1][1];
        if (at > top) b.offsets.push([e.t_ns, at - f.bytes]);
      }
    }
    d.live.push([e.t_ns, d.now]);
    d.cache.push([e.t_ns, e.cached_bytes]);
  }
  return [...devices.values()];
}

// Greedy interval packing: each buffer in the first lane free at its allocation, so bars never overlap.
function packLanes(buffers, end) {
  const laneEnds = [];
  for (const b of [...buffers].sort((x, y) => x.alloc - y.alloc)) {
    let lane = laneEnds.findIndex((t) => t <= b.alloc);
    if (lane < 0) (lane = laneEnds.length), laneEnds.push(0);
    laneEnds[lane] = b.free ?? end;
    b.lane = lane;
  }
  return laneEnds.length;
}

function svgEl(tag, attrs, parent) {
  const el = document.createElementNS(SVG, tag);
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(el);
  return el;
}

// A stable colour per kernel a buffer is the output of (or per label), so one kernel's buffers read as a family.
function bufferColour(label) {
  const key = (/ out of (\S+)/.exec(label) || [null, label])[1];
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360}, 60%, 68%)`;
}

function showBuffer(b, d) {
  const info = $("mem-info");
  info.dataset.buffer = b.id;
  info.textContent = "";
  const text = document.createElement("span");
  info.appendChild(text);
  text.textContent =
    `buffer ${b.id} on ${d.name}: ${fmtBytes(b.bytes)} (${b.bytes} bytes) · ${b.label}` +
    ` · allocated at +${fmtUs(b.alloc - d.t0)}` + (b.fromCache ? " (from the allocator's cache)" : "") +
    (b.free === null ? " · still live at the end of the trace" : ` · freed at +${fmtUs(b.free - d.t0)} (lived ${fmtUs(b.free - b.alloc)})`);
  // The kernel it is the output of: the latest group of that name lowered before the buffer was made.
  const writer = (/ out of (\S+)/.exec(b.label) || [])[1];
  const named = writer ? groups.filter((x) => x.kind === "kernel" && x.name === writer) : [];
  const lowered = (x) => (x.contexts.length ? T.contexts[x.contexts[0]].start_ns ?? 0 : 0);
  const before = named.filter((x) => lowered(x) <= b.alloc);
  const g = (before.length ? before : named).map((x) => x.index);
  if (g.length) {
    const a = document.createElement("a");
    a.className = "step-link mem-writer";
    a.textContent = ` → kernel ${writer}`;
    a.onclick = () => selectGroup(g[g.length - 1]);
    info.appendChild(a);
  }
}

function renderDevice(box, d, t0, t1) {
  d.t0 = t0;
  const sec = document.createElement("div");
  sec.className = "mem-device";
  sec.dataset.device = d.name;
  sec.dataset.peak = d.peak;
  sec.dataset.buffers = d.buffers.length;
  const cacheMax = d.cache.reduce((m, c) => Math.max(m, c[1]), 0);
  const cacheEnd = d.cache.length ? d.cache[d.cache.length - 1][1] : 0;
  const reused = d.buffers.filter((b) => b.fromCache).length;
  const head = document.createElement("h4");
  head.className = "mem-head";
  head.textContent =
    `${d.name}: peak ${fmtBytes(d.peak)} (${d.peak} bytes) at +${fmtUs(d.peakAt - t0)} · ${d.buffers.length} buffers` +
    ` (${reused} from the allocator's cache) · cache ${fmtBytes(cacheEnd)} at the end, at most ${fmtBytes(cacheMax)}`;
  sec.appendChild(head);

  const W = Math.max(box.clientWidth - 24, 640), left = 70, right = 16, plotH = 150, laneH = 12;
  // Bars for at most MAX_BARS buffers, the largest (a long run allocates tens of thousands; the bands and the
  // totals still count every one).
  const barred = d.buffers.length > MAX_BARS ? [...d.buffers].sort((p, q) => q.bytes - p.bytes).slice(0, MAX_BARS) : d.buffers;
  const lanes = packLanes(barred, t1);
  const H = plotH + 36 + lanes * (laneH + 2) + 40;
  // By time, or one equal step per event, which spreads out what long compiles between launches squeeze together.
  const eventTimes = [...new Set(d.live.slice(1).map((p) => p[0]))];
  const index = (t) => {
    let lo = 0, hi = eventTimes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (eventTimes[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const x = memoryByEvent
    ? (t) => left + 10 + (t > eventTimes[eventTimes.length - 1] ? eventTimes.length : index(t)) / Math.max(eventTimes.length, 1) * (W - left - right - 10)
    : (t) => left + ((t - t0) / Math.max(t1 - t0, 1)) * (W - left - right);
  const top = Math.max(d.peak, cacheMax, 1);
  const y = (b) => 14 + plotH - (b / top) * plotH;
  const legend = document.createElement("div");
  legend.className = "note";
  legend.textContent = "Bands: each buffer's bytes, stacked on the earlier live ones · orange dashes: the allocator's cache · red: the peak · bars below: each buffer's lifetime (dashed: live at the end) · blue ticks: this device's launches";
  sec.appendChild(legend);
  const svg = svgEl("svg", { width: W, height: H, class: "mem-svg" }, sec);

  // Axes: bytes on the left at 0, half and the top; time below the bars.
  for (const v of [0, top / 2, top]) {
    svgEl("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: "mem-grid" }, svg);
    svgEl("text", { x: 4, y: y(v) + 4, class: "lane-label" }, svg).textContent = fmtBytes(Math.round(v));
  }
  // Bytes live: a step function, filled.
  let path = `M${x(t0)},${y(0)}`;
  let prev = 0;
  for (const [t, v] of d.live) (path += ` L${x(t)},${y(prev)} L${x(t)},${y(v)}`), (prev = v);
  path += ` L${x(t1)},${y(prev)} L${x(t1)},${y(0)} Z`;
  // Each buffer a band of its bytes stacked on the earlier live ones; past a few thousand bands (a long program)
  // the plain area is drawn instead, and the bars below still show every buffer.
  const bands = d.buffers.reduce((n, b) => n + b.offsets.length, 0) <= 20000;
  svgEl("path", { d: path, class: "mem-live" + (bands ? " outline" : "") }, svg);
  if (bands)
    for (const b of d.buffers) {
      const end = b.free ?? t1;
      let bottom = "", topEdge = [];
      b.offsets.forEach(([t, o], i) => {
        const next = i + 1 < b.offsets.length ? b.offsets[i + 1][0] : end;
        bottom += `${bottom ? " L" : "M"}${x(t)},${y(o)} L${x(next)},${y(o)}`;
        topEdge.unshift(`L${x(next)},${y(o + b.bytes)} L${x(t)},${y(o + b.bytes)}`);
      });
      const band = svgEl("path", { d: `${bottom} ${topEdge.join(" ")} Z`, class: "mem-band", fill: bufferColour(b.label) }, svg);
      band.dataset.id = b.id;
      svgEl("title", {}, band).textContent = `buffer ${b.id}: ${fmtBytes(b.bytes)} · ${b.label}`;
      band.onclick = () => showBuffer(b, d);
      band.onmouseenter = () => showBuffer(b, d);
    }
  // The allocator's cache: a dashed step line.
  if (d.cache.length) {
    let c = `M${x(t0)},${y(0)}`, cprev = 0;
    for (const [t, v] of d.cache) (c += ` L${x(t)},${y(cprev)} L${x(t)},${y(v)}`), (cprev = v);
    c += ` L${x(t1)},${y(cprev)}`;
    svgEl("path", { d: c, class: "mem-cache" }, svg);
  }
  // The peak: a dashed line at its height and a dot where it was reached.
  svgEl("line", { x1: left, x2: W - right, y1: y(d.peak), y2: y(d.peak), class: "mem-peak-line" }, svg);
  svgEl("circle", { cx: x(d.peakAt), cy: y(d.peak), r: 4, class: "mem-peak" }, svg);
  const pl = svgEl("text", { x: Math.min(x(d.peakAt) + 8, W - 160), y: y(d.peak) - 4, class: "mem-peak-label" }, svg);
  pl.textContent = `peak ${fmtBytes(d.peak)}`;


  // Each buffer a bar over its lifetime; a buffer still live at the end reaches the right edge, open-ended.
  const barsTop = plotH + 30;
  for (const b of barred) {
    const end = b.free ?? t1;
    const r = svgEl("rect", {
      x: x(b.alloc), y: barsTop + b.lane * (laneH + 2), width: Math.max(x(end) - x(b.alloc), 2), height: laneH,
      class: "mem-buffer" + (b.free === null ? " live-at-end" : "") + (b.fromCache ? " from-cache" : ""),
      fill: bufferColour(b.label),
    }, svg);
    r.dataset.id = b.id;
    svgEl("title", {}, r).textContent =
      `buffer ${b.id}: ${fmtBytes(b.bytes)} · ${b.label} · +${fmtUs(b.alloc - t0)} → ` + (b.free === null ? "end" : `+${fmtUs(b.free - t0)}`);
    r.onclick = () => showBuffer(b, d);
    r.onmouseenter = () => showBuffer(b, d);
  }
  if (barred !== d.buffers) legend.textContent += ` · bars for the ${MAX_BARS} largest of ${d.buffers.length} buffers`;
  // This device's launches on the same clock, as ticks under the bars (time mode only: they are not memory events).
  if (!memoryByEvent)
    for (const l of T.launches) {
      if (l.device !== d.name) continue;
      const r = svgEl("rect", { x: x(l.start_ns), y: H - 30, width: Math.max(x(l.start_ns + l.duration_ns) - x(l.start_ns), 1.5), height: 8, class: "launch mem-launch" }, svg);
      svgEl("title", {}, r).textContent = `launch of ${l.kernel}: ${fmtUs(l.duration_ns)} at +${fmtUs(l.start_ns - t0)}`;
      if (l.group >= 0) r.onclick = () => selectGroup(l.group);
    }
  const axis = svgEl("text", { x: left, y: H - 6, class: "lane-label" }, svg);
  axis.textContent = memoryByEvent
    ? `${eventTimes.length} allocations and frees, evenly spaced in the order they happened`
    : `+0 … +${((t1 - t0) / 1e6).toFixed(3)} ms (the tracer's clock, as the Timeline's launches)`;
  box.appendChild(sec);
}

function renderMemory() {
  const box = $("memory");
  box.textContent = "";
  const events = T.memory || [];
  if (!events.length) {
    box.innerHTML = `<p class="note">No buffer was allocated or freed while this trace was recorded.</p>`;
    document.body.dataset.memoryReady = "1";
    return;
  }
  const bar = document.createElement("label");
  bar.className = "mem-toggle";
  bar.innerHTML = `<input type="checkbox" id="mem-by-event"> evenly spaced events (instead of time)`;
  bar.querySelector("input").checked = memoryByEvent;
  bar.querySelector("input").onchange = (e) => {
    memoryByEvent = e.target.checked;
    renderMemory();
  };
  box.appendChild(bar);
  const info = document.createElement("p");
  info.id = "mem-info";
  info.className = "note";
  info.textContent = "Hover or click a buffer's bar for its size, label and lifetime.";
  box.appendChild(info);
  // Loops, not Math.min(...): a long program's hundreds of thousands of events would overflow the call stack.
  let t0 = Infinity, t1 = 0;
  for (const e of events) (t0 = Math.min(t0, e.t_ns)), (t1 = Math.max(t1, e.t_ns));
  for (const l of T.launches) t1 = Math.max(t1, l.start_ns + l.duration_ns);
  t1 += Math.max(1, (t1 - t0) * 0.02); // room after the last event, so a buffer allocated there still shows
  for (const d of memoryModel(events)) renderDevice(box, d, t0, t1);
  document.body.dataset.memoryReady = "1";
}
