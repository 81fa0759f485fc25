// Builds dist/ (committed, embedded into `lmc viz` by viz/embed.cmake) from src/ and the pinned npm packages:
// dagre goes into layout.js (the worker), jsdiff and highlight.js are copied as they ship.
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from "node:fs";

const nm = "node_modules/";
rmSync("dist", { recursive: true, force: true });
mkdirSync("dist/assets", { recursive: true });
copyFileSync("src/index.html", "dist/index.html");
copyFileSync("src/app.js", "dist/assets/app.js");
copyFileSync("src/passes.js", "dist/assets/passes.js");
copyFileSync("src/memory.js", "dist/assets/memory.js");
copyFileSync("src/style.css", "dist/assets/style.css");
writeFileSync(
  "dist/assets/layout.js",
  readFileSync(nm + "@dagrejs/dagre/dist/dagre.min.js", "utf8") + "\n" + readFileSync("src/layout.js", "utf8"),
);
copyFileSync(nm + "diff/dist/diff.min.js", "dist/assets/diff.min.js");
copyFileSync(nm + "@highlightjs/cdn-assets/highlight.min.js", "dist/assets/highlight.min.js");
copyFileSync(nm + "@highlightjs/cdn-assets/languages/llvm.min.js", "dist/assets/llvm.min.js");
copyFileSync(nm + "@highlightjs/cdn-assets/styles/github.min.css", "dist/assets/hljs.css");
console.log("dist/ built");
