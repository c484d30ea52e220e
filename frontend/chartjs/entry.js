// The charts the site draws: bars (dashboards, survey dimensions) and lines
// (performance record, survey trend). Registering only these keeps the file
// under half of Chart.js's full build; pages use the global `Chart` as before.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
window.Chart = Chart;
