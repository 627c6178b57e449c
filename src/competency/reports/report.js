// Progressive enhancement only: the page reads the same without it (and on paper).
(function () {
  "use strict";
  var root = document.documentElement;
  window.addEventListener("error", function (event) {
    // A script error is written into the page, where a test (or a reader) can see it.
    var note = document.getElementById("script-errors");
    if (note) { note.hidden = false; note.textContent += (event.message || "error") + "\n"; }
  });

  // Hovering or focusing a person or a slot brings out its lines of the matching.
  function linked(figure, key) {
    return figure.querySelectorAll('[data-person="' + CSS.escape(key) + '"], [data-slot="' + CSS.escape(key) + '"]');
  }
  function mark(event, on) {
    var row = event.target.closest("[data-key]");
    var figure = row && row.closest("figure.matching");
    if (!figure) { return; }
    row.classList.toggle("lit", on);
    linked(figure, row.getAttribute("data-key")).forEach(function (el) { el.classList.toggle("lit", on); });
  }
  ["mouseover", "focusin"].forEach(function (name) { document.addEventListener(name, function (e) { mark(e, true); }); });
  ["mouseout", "focusout"].forEach(function (name) { document.addEventListener(name, function (e) { mark(e, false); }); });

  // Paper has no clicks: every detail is printed open.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  root.setAttribute("data-script", "ready");
})();
