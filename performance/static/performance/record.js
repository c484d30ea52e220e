// The performance record: a metric's chart is drawn when its details are
// opened (Chart.js, served locally, is loaded then: the page's first load
// stays light). The same numbers are in the table under each chart.
(function () {
  "use strict";
  var me = document.getElementById("record-js");
  var node = document.getElementById("chart-data");
  if (!node) return;
  var data = JSON.parse(node.textContent);
  var byCode = {};
  data.metrics.forEach(function (m) { byCode[m.code] = m; });
  var loading = null;

  function loadChartJs() {
    if (typeof Chart !== "undefined") return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = me.dataset.chartjs;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function draw(code) {
    var m = byCode[code];
    var canvas = document.getElementById("chart-" + code);
    if (!m || !canvas || canvas.dataset.drawn) return;
    loadChartJs().then(function () {
      if (canvas.dataset.drawn) return;
      var datasets = [{
        label: data.labels.value,
        data: m.values,
        borderColor: "#0b6e4f",
        backgroundColor: "#0b6e4f",
        spanGaps: true,
        tension: 0.2
      }];
      if (m.target !== null) {
        datasets.push({
          label: data.labels.target,
          data: m.labels.map(function () { return m.target; }),
          borderColor: "#8a5300",
          borderDash: [6, 4],
          pointRadius: 0,
          fill: false
        });
      }
      new Chart(canvas, {
        type: "line",
        data: { labels: m.labels, datasets: datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { position: "bottom" } }
        }
      });
      canvas.dataset.drawn = "1";
    });
  }

  document.querySelectorAll("details.metric").forEach(function (box) {
    box.addEventListener("toggle", function () { if (box.open) draw(box.dataset.metric); });
  });
  // A summary link opens its metric's details.
  document.querySelectorAll("a.metric-link").forEach(function (link) {
    link.addEventListener("click", function () {
      var box = document.getElementById("m-" + link.dataset.metric);
      if (box) box.open = true;
    });
  });
  var hash = location.hash.replace("#m-", "");
  if (hash && byCode[hash]) {
    var box = document.getElementById("m-" + hash);
    if (box) box.open = true;
  }
})();
