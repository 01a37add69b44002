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

/* loopdocs: a closed <details> (a check-yourself answer) prints its question alone, so every
   one opens for printing and those it opened close again after. */
(() => {
  "use strict";
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details:not([open])")];
    for (const details of opened) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of opened) details.open = false;
    opened = [];
  });
})();
