// The quiz player: countdown to the server's deadline, autosave, a question
// navigator (answered / unanswered / flagged), flags for review, a summary
// before the final submit, and answers kept on the device while offline.
// The server decides: a stale clock cannot extend the time, since the
// deadline is enforced there, and a late offline answer is refused there.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) return;
  var d = form.dataset;
  var status = document.getElementById("save-status");
  var timer = document.getElementById("time-left");
  var summary = document.getElementById("quiz-summary");
  var reviewButton = document.getElementById("review-submit");
  var backButton = document.getElementById("summary-back");
  var pendingKey = "quiz-pending-" + d.attempt;
  var flagKey = "quiz-flags-" + d.attempt;
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var links = {};
  form.querySelectorAll("#navigator a").forEach(function (a) { links[a.dataset.q] = a; });
  var pending = null;
  var finishing = false;

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; });
  }
  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* private mode: no local copy */ }
  }
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  // --- answered / flagged state and the navigator ---------------------------
  var flags = load(flagKey) || {};

  function answered(fieldset) {
    var inputs = fieldset.querySelectorAll("input, select");
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if (el.type === "radio" || el.type === "checkbox") { if (el.checked) return true; }
      else if (el.value !== "") return true;
    }
    return false;
  }

  function position(fieldset) {
    return links[fieldset.dataset.q] ? links[fieldset.dataset.q].textContent.trim() : "?";
  }

  function refresh() {
    var done = 0, missing = [], flagged = [];
    questions.forEach(function (fs) {
      var q = fs.dataset.q, a = links[q], isAnswered = answered(fs), isFlagged = !!flags[q];
      if (isAnswered) done++; else missing.push(position(fs));
      if (isFlagged) flagged.push(position(fs));
      fs.classList.toggle("flagged", isFlagged);
      var button = fs.querySelector(".flag-button");
      if (button) {
        button.setAttribute("aria-pressed", isFlagged ? "true" : "false");
        button.textContent = isFlagged ? d.unflagText : d.flagText;
      }
      if (a) {
        a.classList.toggle("answered", isAnswered);
        a.classList.toggle("flagged", isFlagged);
        var state = (isAnswered ? d.stateAnswered : d.stateUnanswered) + (isFlagged ? ", " + d.stateFlagged : "");
        a.setAttribute("aria-label", a.textContent.trim() + " (" + state + ")");
      }
    });
    var count = fmt(d.answeredText, { answered: done, total: questions.length });
    document.getElementById("answered-count").textContent = count;
    document.getElementById("summary-answered").textContent = count;
    var un = document.getElementById("summary-unanswered");
    un.hidden = false;
    un.className = missing.length ? "message message-warning" : "message";
    un.textContent = missing.length ? fmt(d.unansweredText, { list: missing.join(", ") }) : d.allAnsweredText;
    var fl = document.getElementById("summary-flagged");
    fl.hidden = !flagged.length;
    fl.textContent = flagged.length ? fmt(d.flaggedText, { list: flagged.join(", ") }) : "";
  }

  questions.forEach(function (fs) {
    var button = fs.querySelector(".flag-button");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var q = fs.dataset.q;
      if (flags[q]) delete flags[q]; else flags[q] = true;
      store(flagKey, flags);
      refresh();
    });
  });

  // A navigator link moves the keyboard focus to its question's first input.
  Object.keys(links).forEach(function (q) {
    links[q].addEventListener("click", function (event) {
      var fs = document.getElementById("question-" + q);
      if (!fs) return;
      event.preventDefault();
      fs.scrollIntoView({ block: "start" });
      var first = fs.querySelector("input, select");
      if (first) first.focus({ preventScroll: true });
      Object.keys(links).forEach(function (k) { links[k].removeAttribute("aria-current"); });
      links[q].setAttribute("aria-current", "true");
    });
  });

  // --- the summary before the final submit -------------------------------
  summary.hidden = true;
  reviewButton.hidden = false;
  backButton.hidden = false;
  reviewButton.addEventListener("click", function () {
    refresh();
    summary.hidden = false;
    reviewButton.hidden = true;
    summary.focus();
  });
  backButton.addEventListener("click", function () {
    summary.hidden = true;
    reviewButton.hidden = false;
    var first = questions.filter(function (fs) { return !answered(fs); })[0] || questions[0];
    if (first && links[first.dataset.q]) links[first.dataset.q].click();
  });

  // --- autosave, kept on the device while offline ---------------------------
  function snapshot() {
    var out = [];
    new FormData(form).forEach(function (value, key) {
      if (key !== "csrfmiddlewaretoken") out.push([key, value]);
    });
    return out;
  }

  function save() {
    pending = null;
    var data = new FormData(form);
    store(pendingKey, { at: Date.now(), fields: snapshot() });
    if (!navigator.onLine) { status.textContent = d.offlineText; return Promise.resolve(false); }
    return fetch(d.saveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
      .then(function (res) {
        // Stored or refused by the server (e.g. time is up): either way, no
        // longer ours to resend.
        store(pendingKey, null);
        status.textContent = res[1].saved ? d.savedText : (res[1].error || "");
        return res[1].saved;
      })
      .catch(function () { status.textContent = d.offlineText; return false; });
  }

  function restore(fields) {
    // Put answers typed offline (on an earlier visit) back into the form.
    var byName = {};
    fields.forEach(function (kv) { (byName[kv[0]] = byName[kv[0]] || []).push(kv[1]); });
    form.querySelectorAll("input, select").forEach(function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") return;
      var values = byName[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) >= 0;
      else if (el.name.indexOf("q-") === 0) el.value = values[0] || "";
    });
  }

  form.addEventListener("change", function () {
    refresh();
    // Kept on the device at once: a reconnect before the autosave still sends it.
    store(pendingKey, { at: Date.now(), fields: snapshot() });
    if (pending) clearTimeout(pending);
    pending = setTimeout(save, 400);
  });
  window.addEventListener("online", function () {
    if (load(pendingKey)) save().then(function (ok) { if (ok) status.textContent = d.sentText; });
  });
  window.addEventListener("offline", function () { status.textContent = d.offlineText; });

  var kept = load(pendingKey);
  if (kept && kept.fields) {
    restore(kept.fields);
    if (navigator.onLine) save().then(function (ok) { if (ok) status.textContent = d.sentText; });
  }

  form.addEventListener("submit", function () {
    finishing = true;
    store(pendingKey, null);
    store(flagKey, null);
  });

  // --- the countdown -------------------------------------------------------
  if (timer) {
    var left = parseInt(timer.dataset.seconds, 10);
    var end = Date.now() + left * 1000;
    var warned = left <= 60;
    var tick = function () {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      timer.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      timer.classList.toggle("low", s <= 60);
      if (s <= 60 && !warned) {
        warned = true;
        document.getElementById("time-alert").textContent = d.minuteText;
      }
      if (s <= 0) {
        if (finishing) return;
        finishing = true;
        // Time is up: the answers on the page are submitted; the review page
        // says so (?timeup=1).
        form.action = form.action + (form.action.indexOf("?") < 0 ? "?" : "&") + "timeup=1";
        store(pendingKey, null);
        store(flagKey, null);
        form.submit();
        return;
      }
      setTimeout(tick, 1000);
    };
    tick();
  }
  refresh();
})();
