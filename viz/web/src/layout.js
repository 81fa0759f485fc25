// Layered graph layout with dagre (npm @dagrejs/dagre, prepended to this file by build.mjs). Runs as a Web Worker
// when the page is served, so a layout never blocks the page (graphs above a few hundred nodes arrive here as a
// neighbourhood: dagre never finishes 5,000); from file:// (where Chrome refuses workers) the page calls lmcLayout.
function lmcLayout(msg) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 14, ranksep: 28, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of msg.nodes) g.setNode(String(n.id), { width: n.w, height: n.h });
  for (const [a, b] of msg.edges) g.setEdge(String(a), String(b));
  dagre.layout(g);
  const pos = {};
  for (const n of msg.nodes) {
    const p = g.node(String(n.id));
    pos[n.id] = [p.x, p.y];
  }
  const edges = g.edges().map((e) => ({ from: e.v, to: e.w, points: g.edge(e).points.map((p) => [p.x, p.y]) }));
  const gg = g.graph();
  return { key: msg.key, pos, edges, width: gg.width, height: gg.height };
}
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.onmessage = (e) => {
    try {
      self.postMessage({ ...lmcLayout(e.data), thread: "worker" });
    } catch (err) {
      self.postMessage({ key: e.data.key, error: String(err) });
    }
  };
  self.postMessage({ ready: true });
}
