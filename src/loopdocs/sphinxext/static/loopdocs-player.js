/* loopdocs player: replays real PyTorch runs of the worked example, recorded at build time.

   Each <div class="loopdocs-player" data-name=...> holds a figure (what readers without
   JavaScript, or on paper, get) and hidden <span class="loopdocs-player-part"> elements naming
   its data scripts, which register the runs in window.loopdocsRuns["name/part"]: the runs with
   zero_grad() load at once, those without when the switch is first turned off. This script
   loads the data, hides the figure and draws two SVG
   panels (the points with the fitted line y = w·x + b, and the loss against epoch) with
   controls: play/pause, step, an epoch slider, a learning-rate slider on the recorded grid, a
   zero_grad() switch, speed and reset. Native controls give keyboard use and the ARIA slider
   pattern; a polite live region reports the readouts on pause, and every few seconds at most
   while playing. Nothing moves until asked. The state lives in the URL hash
   (#name?lr=0.03&zero_grad=on&epoch=50), so a link restores it. No dependencies, no eval. */
(() => {
  "use strict";
  const { el, svgEl, tenTo, niceTicks } = window.loopdocsSvg; // loopdocs-svg.js
  const W = 720, H = 300, TOP = 28, BOTTOM = 250;
  const LEFT_PANEL = [58, 340], RIGHT_PANEL = [420, 700];
  const ANNOUNCE_EVERY_MS = 5000;
  let uid = 0;

  // Three significant digits, ×10ⁿ for the very large and small: as the site's prose writes them.
  const fmt = (v) => {
    if (!Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) {
      const [m, e] = v.toExponential(2).split("e");
      return `${m}×${tenTo(Number(e))}`;
    }
    return String(Number(v.toPrecision(3)));
  };
  const scale = (d0, d1, r0, r1) => (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);

  function loadPart(box, part) {
    const key = `${box.dataset.name}/${part}`;
    const have = () => (window.loopdocsRuns || {})[key];
    const span = box.querySelector(`.loopdocs-player-part[data-part="${part}"]`);
    if (have()) return Promise.resolve(have());
    if (!span) return Promise.reject(new Error(`no ${part} data`));
    return new Promise((resolve, reject) => {
      const script = el("script", { src: span.dataset.src });
      script.onload = () => (have() ? resolve(have()) : reject(new Error(`no ${key}`)));
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function currentTheme() {
    const chosen = document.body.dataset.theme;
    if (chosen === "light" || chosen === "dark") return chosen;
    return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  async function build(box, main) {
    const name = box.dataset.name;
    const data = { ...main, runs: { zero_grad: main.runs, no_zero_grad: null } };
    const withoutZeroGrad = async () => {
      if (!data.runs.no_zero_grad) data.runs.no_zero_grad = (await loadPart(box, "no_zero_grad")).runs;
    };
    const id = `loopdocs-player-${++uid}`;
    const figure = box.querySelector("figure");
    const ui = el("div", { class: "loopdocs-player-ui", role: "group", "aria-label": "Training run player" });
    if (figure && figure.id) {
      ui.id = figure.id; // the figure's anchor now leads to the player
      figure.removeAttribute("id");
    }
    box.insertBefore(ui, figure);
    box.classList.add("loopdocs-player-active");
    // The figure is hidden now. An image of it that loaded first (on a phone, the narrow still,
    // taller than the wide one its width and height attributes describe) would go on reporting
    // those attributes as its size: give each its own.
    for (const img of figure ? figure.querySelectorAll("img") : []) {
      const own = () => {
        if (img.naturalWidth) [img.width, img.height] = [img.naturalWidth, img.naturalHeight];
      };
      if (img.complete) own();
      else img.addEventListener("load", own, { once: true });
    }

    const state = { lr: data.start, zeroGrad: true, epoch: 1, playing: false, speed: 1 };

    // -- the drawing --------------------------------------------------------------------
    // Two SVGs in the same coordinates, each showing its half: side by side on a wide screen,
    // one above the other on a phone, where each then fills the width and its text stays legible.
    const panels = el("div", { class: "loopdocs-player-panels", role: "img" }, ui);
    const half = (x) => svgEl("svg", { viewBox: `${x} 0 ${W / 2} ${H}`, "aria-hidden": "true" }, panels);
    const svg = half(0), svgLoss = half(W / 2);
    const desc = { set textContent(text) { panels.setAttribute("aria-label", text); } };
    const xs = data.x, ys = data.y;
    const pad = (lo, hi) => [lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo)];
    const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
    const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
    const sx = scale(x0, x1, ...LEFT_PANEL), sy = scale(y0, y1, BOTTOM, TOP);
    const clip = svgEl("clipPath", { id: `${id}-clip` }, svgEl("defs", {}, svg));
    svgEl("rect", { x: LEFT_PANEL[0], y: TOP, width: LEFT_PANEL[1] - LEFT_PANEL[0], height: BOTTOM - TOP }, clip);
    const gridLayer = svgEl("g", { class: "ld-grid" }, svg);
    const axes = svgEl("g", { class: "ld-axes" }, svg);
    const frame = (x, y, w, h) => svgEl("rect", { x, y, width: w, height: h, class: "ld-frame" }, axes);
    frame(LEFT_PANEL[0], TOP, LEFT_PANEL[1] - LEFT_PANEL[0], BOTTOM - TOP);
    const lossFrame = svgEl("g", { class: "ld-axes" }, svgLoss);
    svgEl("rect", { x: RIGHT_PANEL[0], y: TOP, width: RIGHT_PANEL[1] - RIGHT_PANEL[0], height: BOTTOM - TOP, class: "ld-frame" }, lossFrame);
    const label = (x, y, text, anchor = "middle", cls = "ld-tick", parent = axes) =>
      svgEl("text", { x, y, "text-anchor": anchor, class: cls, text }, parent);
    label((LEFT_PANEL[0] + LEFT_PANEL[1]) / 2, 16, "data and the fitted line", "middle", "ld-title");
    const lossTitle = label((RIGHT_PANEL[0] + RIGHT_PANEL[1]) / 2, 16, "loss vs. epoch", "middle", "ld-title", lossFrame);
    label((LEFT_PANEL[0] + LEFT_PANEL[1]) / 2, BOTTOM + 38, "x", "middle", "ld-axis-label");
    label((RIGHT_PANEL[0] + RIGHT_PANEL[1]) / 2, BOTTOM + 38, "epoch", "middle", "ld-axis-label", lossFrame);
    for (const t of niceTicks(x0, x1, 5)) {
      svgEl("line", { x1: sx(t), x2: sx(t), y1: TOP, y2: BOTTOM }, gridLayer);
      label(sx(t), BOTTOM + 18, String(t));
    }
    for (const t of niceTicks(y0, y1, 5)) {
      svgEl("line", { x1: LEFT_PANEL[0], x2: LEFT_PANEL[1], y1: sy(t), y2: sy(t) }, gridLayer);
      label(LEFT_PANEL[0] - 6, sy(t) + 4, String(t), "end");
    }
    const best = svgEl("line", { class: "ld-best", "clip-path": `url(#${id}-clip)` }, svg);
    best.setAttribute("x1", sx(x0)); best.setAttribute("x2", sx(x1));
    best.setAttribute("y1", sy(data.best[0] * x0 + data.best[1]));
    best.setAttribute("y2", sy(data.best[0] * x1 + data.best[1]));
    const points = svgEl("g", { class: "ld-points" }, svg);
    xs.forEach((x, i) => svgEl("circle", { cx: sx(x), cy: sy(ys[i]), r: 3.2 }, points));
    const line = svgEl("line", { class: "ld-line", "clip-path": `url(#${id}-clip)` }, svg);
    const lossGrid = svgEl("g", { class: "ld-grid" }, svgLoss);
    svgLoss.insertBefore(lossGrid, lossFrame);
    const lossAxes = svgEl("g", { class: "ld-axes" }, svgLoss);
    const curve = svgEl("polyline", { class: "ld-loss" }, svgLoss);
    const dot = svgEl("circle", { class: "ld-dot", r: 4 }, svgLoss);
    const divergedMark = svgEl("g", { class: "ld-diverged" }, svgLoss);

    el("p", { class: "loopdocs-player-key", text: "The dashed line is the least-squares fit, the line the loop should end on." }, ui);
    const readout = el("p", { class: "loopdocs-player-readout", "aria-hidden": "true" }, ui);

    // -- the controls -------------------------------------------------------------------
    const controls = el("div", { class: "loopdocs-player-controls" }, ui);
    const button = (text, title) => el("button", { type: "button", text, title }, controls);
    const play = button("Play", "Play or pause the run");
    const back = button("◀ Step", "One epoch back");
    back.setAttribute("aria-label", "Step back one epoch");
    const forward = button("Step ▶", "One epoch forward");
    forward.setAttribute("aria-label", "Step forward one epoch");
    const reset = button("Reset", "Back to the first epoch, learning rate and zero_grad() as at the start");
    const slider = (text, attrs) => {
      const wrap = el("div", { class: "loopdocs-player-slider" }, ui);
      const inputId = `${id}-${text.toLowerCase().replace(/ /g, "-")}`;
      el("label", { for: inputId, text }, wrap);
      return el("input", { type: "range", step: "1", id: inputId, ...attrs }, wrap);
    };
    const epochInput = slider("Epoch", { min: "1", max: "1", value: "1" });
    const lrInput = slider("Learning rate", { min: "0", max: String(data.lrs.length - 1), value: String(data.start) });
    const lrWrap = lrInput.parentElement;
    const lrValue = el("output", { for: lrInput.id, class: "loopdocs-player-value", "aria-hidden": "true" }, lrWrap.firstChild);
    const criticalIndex = data.lrs.findIndex((lr) => Number(lr.toPrecision(3)) === data.critical);
    const marker = el("span", { class: "loopdocs-player-critical", "aria-hidden": "true", text: "▲" }, lrWrap);
    marker.style.setProperty("--at", String(criticalIndex / (data.lrs.length - 1)));
    const note = el("span", { class: "loopdocs-player-note", id: `${id}-note` }, lrWrap);
    lrInput.setAttribute("aria-describedby", note.id);
    // Without zero_grad() the gradients pile up like momentum without friction: no rate
    // settles, and the runs blow up only above twice the limit (see the training-loop page).
    const swingLimit = fmt(2 * data.lrs[criticalIndex]);
    const noteText = () => state.zeroGrad
      ? `▲ marks the critical learning rate, 2/λmax = ${data.critical}: above it the run diverges.`
      : `▲ marks 2/λmax = ${data.critical}, the limit with zero_grad(). Without it no rate here settles, and runs blow up only above 4/λmax ≈ ${swingLimit}.`;
    const options = el("div", { class: "loopdocs-player-options" }, ui);
    const switchLabel = el("label", {}, options);
    const zeroGrad = el("input", { type: "checkbox", role: "switch", checked: "" }, switchLabel);
    el("span", { text: " optimizer.zero_grad() every step" }, switchLabel);
    const speedLabel = el("label", {}, options);
    el("span", { text: "Speed " }, speedLabel);
    const speed = el("select", {}, speedLabel);
    for (const s of [0.5, 1, 2, 4]) el("option", { value: String(s), text: `${s}×` }, speed).selected = s === 1;
    const live = el("p", { class: "loopdocs-sr", "aria-live": "polite" }, ui);
    const details = el("details", { class: "loopdocs-player-table" }, ui);
    const summary = el("summary", {}, details);
    const table = el("table", {}, details);

    // -- the state, drawn ---------------------------------------------------------------
    const run = () => data.runs[state.zeroGrad ? "zero_grad" : "no_zero_grad"][state.lr];
    const lastEpoch = () => (run().diverged ? run().diverged : run().loss.length);
    const lrText = (i) => String(Number(data.lrs[i].toPrecision(3)));
    const lrWords = (i) => {
      const lr = data.lrs[i];
      if (!state.zeroGrad) return `learning rate ${lrText(i)}`;
      const where = i === criticalIndex ? ", the critical value"
        : lr > data.lrs[criticalIndex] ? ", above the critical value" : "";
      return `learning rate ${lrText(i)}${where}`;
    };
    const words = () => {
      const r = run(), e = state.epoch;
      const setting = `${lrWords(state.lr)}, ${state.zeroGrad ? "with" : "without"} zero_grad()`;
      if (r.diverged && e >= r.diverged) return `Epoch ${e}: diverged at epoch ${r.diverged}, the loss is no longer finite (${setting}).`;
      return `Epoch ${e}: w = ${fmt(r.w[e - 1])}, b = ${fmt(r.b[e - 1])}, loss = ${fmt(r.loss[e - 1])} (${setting}).`;
    };
    let lastAnnounced = 0, pending = 0;
    // After a slider or a step: once the reader pauses for a second, not at every key press
    // (the slider's own value text already says where it is).
    const announceSoon = () => {
      clearTimeout(pending);
      pending = setTimeout(() => announce(true), 1000);
    };
    const announce = (force) => {
      const now = performance.now();
      if (force || now - lastAnnounced > ANNOUNCE_EVERY_MS) {
        live.textContent = words();
        lastAnnounced = now;
      }
    };

    let lossScale = null;
    function drawRun() {
      const r = run(), n = r.loss.length, end = lastEpoch();
      const log = Boolean(r.diverged) || Math.max(...r.loss) > 1000 * r.loss[0]; // a climb: orders of magnitude
      const finite = r.loss.filter((v) => v > 0);
      const lo = log ? Math.min(...finite) : 0, hi = Math.max(...r.loss);
      const ex = scale(1, Math.max(end, 2), ...RIGHT_PANEL);
      const ly = log
        ? ((d0, d1) => (v) => scale(d0, d1, BOTTOM, TOP)(Math.log10(v)))(Math.floor(Math.log10(lo)), Math.ceil(Math.log10(hi)))
        : scale(lo, hi * 1.05, BOTTOM, TOP);
      lossScale = { ex, ly };
      lossTitle.textContent = log ? "loss vs. epoch (log scale)" : "loss vs. epoch";
      lossAxes.replaceChildren();
      lossGrid.replaceChildren();
      const tick = (x, y, text, anchor) => svgEl("text", { x, y, "text-anchor": anchor, class: "ld-tick", text }, lossAxes);
      for (const t of niceTicks(1, Math.max(end, 2), 4)) tick(ex(t), BOTTOM + 18, String(t), "middle");
      const yTicks = log
        ? Array.from({ length: Math.ceil(Math.log10(hi)) - Math.floor(Math.log10(lo)) + 1 }, (_, k) => 10 ** (Math.floor(Math.log10(lo)) + k))
            .filter((_, k, all) => all.length <= 6 || k % Math.ceil(all.length / 6) === 0)
        : niceTicks(lo, hi * 1.05, 4);
      for (const t of yTicks) {
        svgEl("line", { x1: RIGHT_PANEL[0], x2: RIGHT_PANEL[1], y1: ly(t), y2: ly(t) }, lossGrid);
        tick(RIGHT_PANEL[0] - 6, ly(t) + 4, log ? tenTo(Math.round(Math.log10(t))) : String(t), "end");
      }
      divergedMark.replaceChildren();
      if (r.diverged) {
        svgEl("line", { x1: ex(r.diverged), x2: ex(r.diverged), y1: TOP, y2: BOTTOM }, divergedMark);
        svgEl("text", { x: ex(r.diverged) - 6, y: BOTTOM - 10, "text-anchor": "end", text: `diverged at epoch ${r.diverged}` }, divergedMark);
      }
      divergedMark.style.display = "none";
      epochInput.max = String(end);
      if (state.epoch > end) state.epoch = end;
      summary.textContent = `The run at ${lrWords(state.lr)}, ${state.zeroGrad ? "with" : "without"} zero_grad(), every 10th epoch, as a table`;
      table.replaceChildren();
      const head = el("tr", {}, el("thead", {}, table));
      for (const h of ["epoch", "w", "b", "loss"]) el("th", { scope: "col", text: h }, head);
      const body = el("tbody", {}, table);
      for (let e = 1; e <= n; e += e === 1 ? 9 : 10) {
        const row = el("tr", {}, body);
        for (const v of [String(e), fmt(r.w[e - 1]), fmt(r.b[e - 1]), fmt(r.loss[e - 1])]) el("td", { text: v }, row);
      }
      if (r.diverged) {
        const row = el("tr", {}, body);
        el("td", { text: String(r.diverged) }, row);
        el("td", { colspan: "3", text: "diverged: the loss is no longer finite" }, row);
      }
      note.textContent = noteText();
      lrInput.value = String(state.lr);
      lrInput.setAttribute("aria-valuetext", lrWords(state.lr));
      lrValue.textContent = ` ${lrText(state.lr)}`;
      zeroGrad.checked = state.zeroGrad;
    }

    function drawEpoch() {
      const r = run(), e = state.epoch, n = r.loss.length;
      const shown = Math.min(e, n);
      const { ex, ly } = lossScale;
      curve.setAttribute("points", r.loss.slice(0, shown).map((v, i) => `${ex(i + 1).toFixed(1)},${ly(v).toFixed(1)}`).join(" "));
      const diverged = Boolean(r.diverged) && e >= r.diverged;
      divergedMark.style.display = diverged ? "" : "none";
      dot.style.display = diverged ? "none" : "";
      line.style.display = diverged ? "none" : "";
      if (!diverged) {
        const w = r.w[e - 1], b = r.b[e - 1];
        dot.setAttribute("cx", ex(e)); dot.setAttribute("cy", ly(r.loss[e - 1]));
        // Clip far outside the panel ourselves: SVG coordinates this large lose precision.
        const yAt = (x) => Math.max(-1e4, Math.min(1e4, sy(w * x + b)));
        line.setAttribute("x1", sx(x0)); line.setAttribute("y1", yAt(x0));
        line.setAttribute("x2", sx(x1)); line.setAttribute("y2", yAt(x1));
      }
      readout.textContent = diverged
        ? `epoch ${e}   diverged at epoch ${r.diverged}: the loss is no longer finite`
        : `epoch ${e}   w = ${fmt(r.w[e - 1])}   b = ${fmt(r.b[e - 1])}   loss = ${fmt(r.loss[e - 1])}`;
      desc.textContent = words();
      epochInput.value = String(e);
      epochInput.setAttribute("aria-valuetext", `epoch ${e} of ${lastEpoch()}`);
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
      back.setAttribute("aria-disabled", String(e <= 1));
      forward.setAttribute("aria-disabled", String(e >= lastEpoch()));
    }

    // -- playing ------------------------------------------------------------------------
    let frameRequest = 0, carried = 0, previous = 0;
    const EPOCHS_PER_SECOND = 25;
    function tick(now) {
      carried += ((now - previous) / 1000) * EPOCHS_PER_SECOND * state.speed;
      previous = now;
      const steps = Math.floor(carried);
      carried -= steps;
      if (steps > 0) {
        state.epoch = Math.min(lastEpoch(), state.epoch + steps);
        drawEpoch();
        announce(false);
      }
      if (state.epoch >= lastEpoch()) setPlaying(false);
      else frameRequest = requestAnimationFrame(tick);
    }
    function setPlaying(on) {
      const was = state.playing;
      state.playing = on;
      play.textContent = on ? "Pause" : "Play";
      cancelAnimationFrame(frameRequest);
      if (on) {
        if (state.epoch >= lastEpoch()) { state.epoch = 1; drawEpoch(); }
        previous = performance.now(); carried = 0;
        lastAnnounced = performance.now();
        frameRequest = requestAnimationFrame(tick);
      } else if (was) {
        announce(true);
        remember();
      }
    }

    // -- the URL hash -------------------------------------------------------------------
    const remember = () => {
      const query = `lr=${lrText(state.lr)}&zero_grad=${state.zeroGrad ? "on" : "off"}&epoch=${state.epoch}`;
      history.replaceState(null, "", `#${name}?${query}`);
    };
    function restore() {
      const prefix = `#${name}?`;
      if (!location.hash.startsWith(prefix)) return false;
      const params = new URLSearchParams(decodeURIComponent(location.hash.slice(prefix.length)));
      const lr = data.lrs.findIndex((_, i) => lrText(i) === params.get("lr"));
      if (lr >= 0) state.lr = lr;
      if (params.has("zero_grad")) state.zeroGrad = params.get("zero_grad") !== "off";
      const epoch = parseInt(params.get("epoch"), 10);
      if (Number.isFinite(epoch)) state.epoch = Math.max(1, epoch);
      return true;
    }

    const changed = (redraw) => {
      if (redraw) drawRun();
      drawEpoch();
    };
    play.addEventListener("click", () => setPlaying(!state.playing));
    const step = (by) => {
      setPlaying(false);
      state.epoch = Math.min(lastEpoch(), Math.max(1, state.epoch + by));
      changed(false); announceSoon(); remember();
    };
    back.addEventListener("click", () => step(-1));
    forward.addEventListener("click", () => step(1));
    reset.addEventListener("click", () => {
      setPlaying(false);
      Object.assign(state, { lr: data.start, zeroGrad: true, epoch: 1 });
      speed.value = "1"; state.speed = 1;
      changed(true); announce(true); remember();
    });
    epochInput.addEventListener("input", () => { setPlaying(false); state.epoch = Number(epochInput.value); changed(false); });
    epochInput.addEventListener("change", () => { announceSoon(); remember(); });
    lrInput.addEventListener("input", () => { state.lr = Number(lrInput.value); changed(true); });
    lrInput.addEventListener("change", () => { announceSoon(); remember(); });
    zeroGrad.addEventListener("change", async () => {
      if (!zeroGrad.checked) {
        // Not disabled while the runs load: a disabled control would lose the keyboard focus.
        ui.setAttribute("aria-busy", "true");
        try { await withoutZeroGrad(); } catch { zeroGrad.checked = true; } finally { ui.removeAttribute("aria-busy"); }
      }
      state.zeroGrad = zeroGrad.checked;
      changed(true); announce(true); remember();
    });
    speed.addEventListener("change", () => { state.speed = Number(speed.value); });

    // -- colours: the site's theme, followed live ---------------------------------------
    const paint = () => {
      const colours = data.themes[currentTheme()];
      for (const [key, value] of Object.entries(colours)) ui.style.setProperty(`--ld-${key}`, value);
    };
    paint();
    new MutationObserver(paint).observe(document.body, { attributes: true, attributeFilter: ["data-theme"] });
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", paint);

    const follow = async () => {
      const linked = restore();
      if (!state.zeroGrad) {
        try { await withoutZeroGrad(); } catch { state.zeroGrad = true; }
      }
      changed(true);
      if (linked) ui.scrollIntoView({ block: "center" });
      return linked;
    };
    await follow();
    // A link to another state of this player, followed on the same page (replaceState, which
    // the player itself uses, fires no hashchange).
    addEventListener("hashchange", async () => {
      if (location.hash.startsWith(`#${name}?`)) {
        setPlaying(false);
        await follow();
      }
    });
  }

  const start = () => {
    for (const box of document.querySelectorAll(".loopdocs-player")) {
      // Without the data (a failed load), the figure stays: it is the fallback.
      loadPart(box, "zero_grad").then((main) => build(box, main)).catch(() => {});
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
