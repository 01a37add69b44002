/* loopdocs: let a keyboard scroll every code or output block that overflows its box.
   WCAG 2.1.1 asks that whatever scrolls can be scrolled without a mouse, so a block that
   overflows gets tabindex="0"; one that fits stays out of the tab order. Widths change with
   the window, so this runs again on load and on resize. */
(() => {
  "use strict";
  const CANDIDATES = "pre, .table-wrapper, .cell_output";
  const MARK = "loopdocsScrollable";

  const scrolls = (element) => {
    const style = getComputedStyle(element);
    const across = element.scrollWidth > element.clientWidth && /auto|scroll/.test(style.overflowX);
    const down = element.scrollHeight > element.clientHeight && /auto|scroll/.test(style.overflowY);
    return across || down;
  };

  const update = () => {
    for (const element of document.querySelectorAll(CANDIDATES)) {
      if (scrolls(element)) {
        if (!element.hasAttribute("tabindex")) {
          element.setAttribute("tabindex", "0");
          element.dataset[MARK] = "";
        }
      } else if (MARK in element.dataset) {
        element.removeAttribute("tabindex");
        delete element.dataset[MARK];
      }
    }
  };

  let pending = false;
  const schedule = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        update();
      });
    }
  };

  update();
  window.addEventListener("load", update);
  window.addEventListener("resize", schedule);
})();

/* loopdocs: a card table (loopdocs-cards; the build labels its cells for loopdocs.css) keeps its
   table roles for screen readers when a narrow screen shows it as blocks. Roles change no
   layout, so setting them after the first paint moves nothing. */
(() => {
  "use strict";
  for (const table of document.querySelectorAll(".loopdocs-cards table")) {
    table.setAttribute("role", "table");
    for (const group of table.querySelectorAll("thead, tbody")) group.setAttribute("role", "rowgroup");
    for (const row of table.querySelectorAll("tr")) row.setAttribute("role", "row");
    for (const th of table.querySelectorAll("th")) th.setAttribute("role", "columnheader");
    for (const td of table.querySelectorAll("td")) td.setAttribute("role", "cell");
  }
})();

/* loopdocs: the answer key. Each Exercises and Check yourself section (its id ends in
   "-exercises" or "check-yourself") gets a checkbox "Print without answers": checked, the page
   prints its questions without their answers (loopdocs.css hides the exercises' Answer
   dropdowns and the folded runs, fixes and solutions, and leaves each check-yourself question
   closed). The address keeps the choice as ?answers=hidden, so an instructor can share a link
   to the handout; the checkbox starts checked on such a link. Without JavaScript there is no
   checkbox and the page prints with its answers, as it does unchecked. */
(() => {
  "use strict";
  const SECTIONS = 'section[id$="-exercises"], section[id$="check-yourself"]';
  const HIDDEN = "loopdocs-print-no-answers"; // on <html> while answers are left off paper
  const root = document.documentElement;
  const boxes = [];

  const choose = (hidden, remember) => {
    root.classList.toggle(HIDDEN, hidden);
    for (const box of boxes) box.checked = hidden;
    if (remember) {
      const url = new URL(window.location.href);
      if (hidden) url.searchParams.set("answers", "hidden");
      else url.searchParams.delete("answers");
      window.history.replaceState(window.history.state, "", url);
    }
  };

  for (const section of document.querySelectorAll(SECTIONS)) {
    const heading = section.querySelector(":scope > h1, :scope > h2, :scope > h3");
    if (!heading) continue;
    const label = document.createElement("label");
    label.className = "loopdocs-answers-toggle";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.addEventListener("change", () => choose(box.checked, true));
    label.append(box, " Print without answers");
    heading.after(label);
    boxes.push(box);
  }
  choose(new URLSearchParams(window.location.search).get("answers") === "hidden", false);

  /* A closed <details> (an answer) prints its summary alone, so every one opens for printing
     and those it opened close again after; without answers, the answers and solutions stay
     closed (loopdocs.css also keeps a reader's open ones off paper). The maths set aside
     (details.loopdocs-maths) is not an answer: it prints either way. */
  let opened = [];
  window.addEventListener("beforeprint", () => {
    const answers = "details.sd-dropdown:not(.loopdocs-maths), div.cell details.hide";
    const skipped = root.classList.contains(HIDDEN);
    opened = [...document.querySelectorAll("details:not([open])")].filter(
      (details) => !(skipped && details.matches(answers)),
    );
    for (const details of opened) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of opened) details.open = false;
    opened = [];
  });
})();
