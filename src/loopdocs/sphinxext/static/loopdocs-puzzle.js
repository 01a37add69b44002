/* loopdocs loop-order puzzle: put the loop's five lines in order, run it, see what PyTorch did.

   Each <div class="loopdocs-puzzle" id=NAME> holds a <script type="application/json"> with the
   build's record of every one of the 120 orders of the lines (run for real inside fit() when
   the site was built; orders with bitwise-identical runs share one outcome) and a table of the
   distinct outcomes, which stays as the summary and is what readers without JavaScript, and
   print, get. This script puts the widget above the table: the five lines, shuffled, moved by
   dragging (pointer events: mouse, pen and touch) or by keyboard alone (Tab to a line,
   Space or Enter picks it up, ArrowUp and ArrowDown move it, Space or Enter drops it, Escape
   puts it back), each move announced in a polite live region; Run shows the recorded error or
   loss curve. The order lives in the query string (?order=forward-loss-...), kept with
   history.replaceState and restored on load. No dependencies, no eval, nothing fetched. */
(() => {
  "use strict";
  const { el, svgEl, tenTo, niceTicks } = window.loopdocsSvg; // loopdocs-svg.js
  const W = 360, H = 176, LEFT = 46, RIGHT = 350, TOP = 18, BOTTOM = 142;
  let uid = 0;

  function drawCurve(parent, outcome, epochs) {
    const values = outcome.losses.map((v) => (v === null ? NaN : v));
    const finite = values.filter((v) => Number.isFinite(v) && (!outcome.log || v > 0));
    const log = outcome.log;
    const f = log ? Math.log10 : (v) => v;
    let lo = log ? Math.floor(Math.log10(Math.min(...finite))) : 0;
    let hi = log ? Math.ceil(Math.log10(Math.max(...finite))) : Math.max(...finite) * 1.05;
    if (hi <= lo) hi = lo + 1;
    const sx = (e) => LEFT + ((e - 1) / Math.max(epochs - 1, 1)) * (RIGHT - LEFT);
    const sy = (v) => BOTTOM - ((f(v) - lo) / (hi - lo)) * (BOTTOM - TOP);
    const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `Loss curve. ${outcome.curve}`, class: "loopdocs-puzzle-curve" }, parent);
    const grid = svgEl("g", { class: "ld-grid" }, svg);
    const axes = svgEl("g", { class: "ld-axes" }, svg);
    svgEl("rect", { x: LEFT, y: TOP, width: RIGHT - LEFT, height: BOTTOM - TOP, class: "ld-frame" }, axes);
    const yTicks = log ? Array.from({ length: hi - lo + 1 }, (_, k) => 10 ** (lo + k)) : niceTicks(0, hi, 4);
    for (const t of yTicks) {
      svgEl("line", { x1: LEFT, x2: RIGHT, y1: sy(t), y2: sy(t) }, grid);
      svgEl("text", { x: LEFT - 5, y: sy(t) + 4, "text-anchor": "end", text: log ? tenTo(Math.round(Math.log10(t))) : String(t) }, axes);
    }
    for (const t of [1, ...niceTicks(1, epochs, 4).filter((t) => t > epochs / 10)]) {
      svgEl("text", { x: sx(t), y: BOTTOM + 15, "text-anchor": "middle", text: String(t) }, axes);
    }
    svgEl("text", { x: LEFT, y: TOP - 2, text: "loss", class: "ld-axis-label" }, axes);
    svgEl("text", { x: (LEFT + RIGHT) / 2, y: BOTTOM + 31, "text-anchor": "middle", text: log ? "epoch (loss on a log scale)" : "epoch", class: "ld-axis-label" }, axes);
    const points = [];
    values.forEach((v, i) => { if (Number.isFinite(v) && (!log || v > 0)) points.push(`${sx(i + 1).toFixed(1)},${sy(v).toFixed(1)}`); });
    svgEl("polyline", { points: points.join(" "), class: "ld-loss" }, svg);
    return svg;
  }

  function build(box) {
    const data = JSON.parse(box.querySelector("script.loopdocs-puzzle-data").textContent);
    const id = `loopdocs-puzzle-${++uid}`;
    const n = data.lines.length;
    const ui = el("div", { class: "loopdocs-puzzle-ui", role: "group", "aria-labelledby": `${id}-title` });
    box.insertBefore(ui, box.firstChild);
    el("p", { class: "loopdocs-puzzle-title", id: `${id}-title`, text: "Put the loop body in order, then run it" }, ui);
    const help = el("p", {
      class: "loopdocs-puzzle-help", id: `${id}-help`,
      text: "Drag a line, or Tab to it, press Space to pick it up, the arrow keys to move it and Space to drop it (Escape puts it back).",
    }, ui);
    const code = el("div", { class: "loopdocs-puzzle-code" }, ui);
    el("code", { class: "loopdocs-puzzle-fixed", text: "for epoch in range(epochs):" }, code);
    el("code", { class: "loopdocs-puzzle-fixed ld-indent", text: "model.train()" }, code);
    const list = el("ol", { class: "loopdocs-puzzle-lines", "aria-label": "The five lines of the loop body" }, code);
    el("code", { class: "loopdocs-puzzle-fixed ld-indent", text: "losses.append(loss.item())" }, code);
    const controls = el("div", { class: "loopdocs-puzzle-controls" }, ui);
    const runButton = el("button", { type: "button", class: "loopdocs-puzzle-run", text: "Run" }, controls);
    const resetButton = el("button", { type: "button", text: "Start over" }, controls);
    const live = el("p", { class: "loopdocs-puzzle-live", "aria-live": "polite" }, ui);
    const result = el("div", { class: "loopdocs-puzzle-result", id: `${id}-result` }, ui);

    let order = data.start.slice();
    const items = data.lines.map((line, index) => {
      const li = el("li", { "data-line": String(index) });
      const button = el("button", { type: "button", class: "loopdocs-puzzle-line", "aria-describedby": help.id, "aria-pressed": "false" }, li);
      el("code", { text: line }, button);
      return li;
    });
    const render = () => { for (const i of order) list.appendChild(items[i]); };
    const position = (line) => order.indexOf(line) + 1;
    const say = (text) => { live.textContent = text; };

    const urlName = (o) => o.map((i) => data.urlNames[i]).join("-");
    const remember = () => {
      try {
        const url = new URL(location.href);
        url.searchParams.set("order", urlName(order));
        history.replaceState(history.state, "", url);
      } catch { /* an address this page may not rewrite: the order just is not kept */ }
    };
    const restore = () => {
      const wanted = new URLSearchParams(location.search).get("order");
      if (!wanted) return;
      const parsed = wanted.split("-").map((name) => data.urlNames.indexOf(name));
      if (parsed.length === n && new Set(parsed).size === n && parsed.every((i) => i >= 0)) order = parsed;
    };

    const clearResult = () => {
      result.replaceChildren();
      el("p", { class: "loopdocs-puzzle-hint", text: "Press Run to see what PyTorch does with this order." }, result);
    };
    const changed = () => { clearResult(); remember(); };

    // Moves a line by one place, by moving its neighbour: the line itself (focused, or holding
    // the pointer) never leaves the document, so it keeps the focus and the pointer capture.
    const shift = (line, by) => {
      const at = order.indexOf(line), to = at + by;
      if (to < 0 || to >= n) return false;
      const other = order[to];
      order[to] = line; order[at] = other;
      if (by < 0) list.insertBefore(items[other], items[line].nextSibling);
      else list.insertBefore(items[other], items[line]);
      return true;
    };
    const moveTo = (line, target) => {
      let moved = false;
      while (position(line) - 1 < target && shift(line, 1)) moved = true;
      while (position(line) - 1 > target && shift(line, -1)) moved = true;
      return moved;
    };

    // -- keyboard ------------------------------------------------------------------------
    let held = null; // { line, from }
    const lineText = (line) => data.lines[line];
    const pick = (line) => {
      held = { line, from: position(line) - 1 };
      items[line].classList.add("ld-held");
      items[line].firstChild.setAttribute("aria-pressed", "true");
      say(`${lineText(line)} picked up, at position ${position(line)} of ${n}. Move it with the arrow keys, drop it with Space.`);
    };
    const drop = (cancel) => {
      if (!held) return;
      const { line, from } = held;
      held = null;
      items[line].classList.remove("ld-held");
      items[line].firstChild.setAttribute("aria-pressed", "false");
      if (cancel) {
        moveTo(line, from);
        say(`Move cancelled: ${lineText(line)} back at position ${position(line)} of ${n}.`);
        return;
      }
      say(`${lineText(line)} dropped at position ${position(line)} of ${n}.`);
      if (position(line) - 1 !== from) changed();
    };
    items.forEach((li, line) => {
      const button = li.firstChild;
      button.addEventListener("keydown", (event) => {
        const key = event.key;
        if (key === " " || key === "Enter") {
          event.preventDefault();
          if (held) drop(false); else pick(line);
        } else if (held && (key === "ArrowUp" || key === "ArrowDown")) {
          event.preventDefault();
          if (shift(line, key === "ArrowUp" ? -1 : 1)) {
            button.focus();
            say(`${lineText(line)} moved to position ${position(line)} of ${n}.`);
          } else {
            say(`${lineText(line)} is already at position ${position(line)} of ${n}.`);
          }
        } else if (held && key === "Escape") {
          event.preventDefault();
          drop(true);
        }
      });
      button.addEventListener("keyup", (event) => { if (event.key === " ") event.preventDefault(); });
      button.addEventListener("blur", () => { if (held && held.line === line) drop(false); });

      // -- pointer (mouse, pen, touch) ----------------------------------------------------
      let drag = null;
      button.addEventListener("pointerdown", (event) => {
        if (event.button !== 0 || held) return;
        drag = { from: position(line) - 1, y: event.clientY, moving: false };
        button.setPointerCapture(event.pointerId);
      });
      button.addEventListener("pointermove", (event) => {
        if (!drag) return;
        if (!drag.moving && Math.abs(event.clientY - drag.y) < 4) return;
        if (!drag.moving) { drag.moving = true; li.classList.add("ld-held"); }
        // The slot whose middle the pointer has passed.
        const mids = order.map((i) => { const r = items[i].getBoundingClientRect(); return r.top + r.height / 2; });
        let target = mids.filter((m) => event.clientY > m).length;
        const here = position(line) - 1;
        if (target > here) target -= 1; // its own middle was counted
        target = Math.max(0, Math.min(n - 1, target));
        if (target !== here) moveTo(line, target);
      });
      const end = (event) => {
        if (!drag) return;
        const { from, moving } = drag;
        drag = null;
        li.classList.remove("ld-held");
        if (button.hasPointerCapture(event.pointerId)) button.releasePointerCapture(event.pointerId);
        if (!moving) return;
        say(`${lineText(line)} dropped at position ${position(line)} of ${n}.`);
        if (position(line) - 1 !== from) changed();
      };
      button.addEventListener("pointerup", end);
      button.addEventListener("pointercancel", end);
    });

    // -- run -----------------------------------------------------------------------------
    const run = () => {
      const index = data.orders[order.join("")];
      const outcome = data.outcomes[index];
      result.replaceChildren();
      const verdict = el("p", { class: "loopdocs-puzzle-verdict" }, result);
      el("strong", { text: outcome.headline.charAt(0).toUpperCase() + outcome.headline.slice(1) }, verdict);
      verdict.append(`: ${outcome.count} of the ${data.total} orders do exactly this.`);
      if (outcome.error) {
        el("p", { text: `Python stopped in epoch ${outcome.epoch} with:` }, result);
        el("code", { text: outcome.error }, el("pre", { class: "loopdocs-puzzle-error" }, result));
        say(`Run: ${outcome.headline}, in epoch ${outcome.epoch}: ${outcome.error}`);
      } else {
        drawCurve(result, outcome, data.epochs);
        el("p", { class: "loopdocs-puzzle-final", text: `After ${data.epochs} epochs: ${outcome.final}.` }, result);
        el("p", { text: outcome.detail }, result);
        say(`Run: ${outcome.headline}. ${outcome.curve}`);
      }
    };
    runButton.addEventListener("click", run);
    resetButton.addEventListener("click", () => {
      if (held) drop(true);
      order = data.start.slice();
      render();
      changed();
      say("The lines are back in their starting order.");
    });

    restore();
    render();
    clearResult();
    box.classList.add("loopdocs-puzzle-active");
    // A link to the puzzle: once the page has settled (the player above it replaces its
    // figure, images load), bring it back into view.
    if (box.id && location.hash === `#${box.id}`) {
      const show = () => requestAnimationFrame(() => box.scrollIntoView({ block: "start" }));
      if (document.readyState === "complete") show();
      else addEventListener("load", show, { once: true });
    }
  }

  const start = () => {
    for (const box of document.querySelectorAll(".loopdocs-puzzle")) {
      try { build(box); } catch (error) { console.warn("loop-order puzzle:", error); }
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
