// Polls a review cycle's computation and reloads the page when it ends.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("cycle-progress");
    if (!box || box.dataset.done === "1") return;
    var bar = document.getElementById("cycle-bar");
    var percent = document.getElementById("cycle-percent");
    var state = document.getElementById("cycle-state");
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          bar.value = s.progress;
          bar.textContent = s.progress + "%";
          percent.textContent = s.progress + "%";
          state.textContent = s.state_label;
          if (s.done) {
            window.location.reload();
          } else {
            window.setTimeout(poll, 700);
          }
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    }
    poll();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
