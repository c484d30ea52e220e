// Draws each metric's monthly trend with its target line (Chart.js, served
// locally). The same numbers are in the table under each chart.
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("chart-data");
    if (!node || typeof Chart === "undefined") return;
    var data = JSON.parse(node.textContent);
    data.metrics.forEach(function (m) {
      var canvas = document.getElementById("chart-" + m.code);
      if (!canvas) return;
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
