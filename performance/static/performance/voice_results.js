// The store's SERVQUAL gaps: a bar per dimension for the latest month and
// the overall gap by month (Chart.js, served locally). The tables under each
// chart hold the same figures with their n.
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("voice-chart");
    if (!node || typeof Chart === "undefined") return;
    var data = JSON.parse(node.textContent);
    var bars = document.getElementById("chart-dimensions");
    if (bars) {
      new Chart(bars, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: data.text.gap, data: data.latest, backgroundColor: "#0b6e4f" }]
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          scales: { y: { suggestedMin: -2, suggestedMax: 2 } },
          plugins: { legend: { position: "bottom" } }
        }
      });
      bars.dataset.drawn = "1";
    }
    var line = document.getElementById("chart-trend");
    if (line) {
      new Chart(line, {
        type: "line",
        data: {
          labels: data.months,
          datasets: [{
            label: data.text.overall, data: data.overall, borderColor: "#0b6e4f",
            backgroundColor: "#0b6e4f", spanGaps: true, tension: 0.2
          }]
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { legend: { position: "bottom" } }
        }
      });
      line.dataset.drawn = "1";
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
