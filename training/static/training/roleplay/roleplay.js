// Role-play pages: time-stamped notes against the recording, seeking from a
// note, and optional in-browser recording (MediaRecorder). No inline script.
(function () {
  "use strict";

  function player() {
    return document.querySelector("[data-player]");
  }

  function stamp(seconds) {
    var s = Math.floor(seconds || 0);
    var m = Math.floor(s / 60);
    return "[" + String(m).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0") + "] ";
  }

  document.querySelectorAll("[data-insert-time]").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.dataset.target);
      var media = player();
      if (!area) return;
      var text = stamp(media ? media.currentTime : 0);
      var at = area.selectionStart || area.value.length;
      var before = area.value.slice(0, at);
      if (before && !before.endsWith("\n")) text = "\n" + text;
      area.value = before + text + area.value.slice(at);
      area.focus();
      var caret = before.length + text.length;
      area.setSelectionRange(caret, caret);
    });
  });

  document.querySelectorAll("[data-seek]").forEach(function (button) {
    button.addEventListener("click", function () {
      var media = player();
      if (!media) return;
      media.currentTime = parseFloat(button.dataset.seek) || 0;
      media.play();
    });
  });

  // In-browser recording: fills the form's file input with the recording.
  document.querySelectorAll("[data-recorder-form]").forEach(function (form) {
    var box = form.querySelector("[data-recorder]");
    var input = form.querySelector("input[type=file]");
    if (!box || !input || !window.MediaRecorder || !navigator.mediaDevices ||
        typeof DataTransfer === "undefined") return;
    box.hidden = false;
    var start = box.querySelector("[data-record-start]");
    var stop = box.querySelector("[data-record-stop]");
    var status = box.querySelector("[data-record-status]");
    var recorder = null;
    var chunks = [];
    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true, video: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          var type = recorder.mimeType || "video/webm";
          var ext = type.indexOf("mp4") >= 0 ? "mp4" : "webm";
          var file = new File(chunks, "role-play." + ext, { type: type });
          var dt = new DataTransfer();
          dt.items.add(file);
          input.files = dt.files;
          status.textContent = file.name + " (" + Math.round(file.size / 1024) + " KB)";
          start.hidden = false;
          stop.hidden = true;
          // The pressed button is gone: keep the keyboard focus on its twin.
          start.focus();
        };
        recorder.start();
        start.hidden = true;
        stop.hidden = false;
        stop.focus();
        status.textContent = "●";
      }).catch(function (err) {
        status.textContent = String(err && err.message || err);
      });
    });
    stop.addEventListener("click", function () {
      if (recorder && recorder.state !== "inactive") recorder.stop();
    });
  });
})();
