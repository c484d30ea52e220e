// Polls a long job's status (an import, a review cycle's computation) while
// it runs and reloads the page when it ends. The box with data-status-url
// holds a <progress> for the JSON's `progress`; every element on the page
// with data-field="x" shows the JSON's field x (data-suffix appended).
(function () {
  "use strict";
  function start() {
    var box = document.querySelector("[data-status-url]");
    if (!box || box.dataset.done === "1") return;
    var bar = box.querySelector("progress");
    var interval = Number(box.dataset.interval) || 1000;
    var fields = document.querySelectorAll("[data-field]");
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          bar.value = s.progress;
          bar.textContent = s.progress + "%";
          fields.forEach(function (el) {
            var value = s[el.dataset.field];
            if (value !== undefined) el.textContent = value + (el.dataset.suffix || "");
          });
          if (s.done) {
            window.location.reload();
          } else {
            window.setTimeout(poll, interval);
          }
        })
        .catch(function () { window.setTimeout(poll, interval * 3); });
    }
    poll();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
