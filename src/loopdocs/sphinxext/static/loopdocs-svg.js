/* loopdocs SVG helpers, shared by the player (loopdocs-player.js) and the loop-order puzzle
   (loopdocs-puzzle.js); the build loads this file before them, on the pages that hold either:
   element builders, powers of ten written as the site's prose writes them (10⁻³), and round
   axis ticks. No dependencies, no eval. */
(() => {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const el = (tag, attrs = {}, parent = null, ns = null) => {
    const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    if (parent) parent.appendChild(node);
    return node;
  };
  const svgEl = (tag, attrs, parent) => el(tag, attrs, parent, SVG);
  const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  const tenTo = (e) => `10${String(e).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c])}`;
  const niceTicks = (lo, hi, count) => {
    const raw = (hi - lo) / count;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
    const ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      ticks.push(Number(t.toPrecision(6)));
    }
    return ticks;
  };
  window.loopdocsSvg = Object.freeze({ el, svgEl, tenTo, niceTicks });
})();
