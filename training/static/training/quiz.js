// Quiz page: countdown to the server's deadline and autosave of answers.
// The server decides; this only helps the learner (a stale clock cannot
// extend the time, since the deadline is enforced on the server).
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) return;
  var status = document.getElementById("save-status");
  var timer = document.getElementById("time-left");
  var pending = null;

  function save() {
    pending = null;
    var data = new FormData(form);
    fetch(form.dataset.saveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
      .then(function (res) {
        if (status) status.textContent = res[1].saved ? (form.dataset.savedText) : (res[1].error || "");
      })
      .catch(function () { if (status) status.textContent = "…"; });
  }

  form.addEventListener("change", function () {
    if (pending) clearTimeout(pending);
    pending = setTimeout(save, 400);
  });

  if (timer) {
    var left = parseInt(timer.dataset.seconds, 10);
    var end = Date.now() + left * 1000;
    var tick = function () {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      timer.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      if (s <= 0) { form.submit(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
