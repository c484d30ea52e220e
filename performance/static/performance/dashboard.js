// A dashboard's chart (Chart.js, served locally): bars per status of the
// required enrolments, or per course (enrolled, completed) for a trainer.
// The table under it holds the same figures.
(function () {
  "use strict";
  var COLOURS = ["#0b6e4f", "#7fb8a4", "#b45309"];
  function draw() {
    var node = document.getElementById("dashboard-chart");
    var canvas = document.querySelector("canvas[id^='chart-']");
    if (!node || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(node.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (d, i) {
          return { label: d.label, data: d.values, backgroundColor: COLOURS[i % COLOURS.length] };
        })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.dataset.drawn = "1";
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
