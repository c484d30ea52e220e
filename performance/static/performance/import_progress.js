// Polls an import's status while it runs and reloads the page when it ends.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("import-progress");
    if (!box || box.dataset.done === "1") return;
    var bar = document.getElementById("import-bar");
    var label = document.getElementById("import-status");
    var rows = document.getElementById("import-rows");
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          bar.value = s.progress;
          bar.textContent = s.progress + "%";
          label.textContent = s.status_label;
          rows.textContent = s.rows;
          if (s.done) {
            window.location.reload();
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
