// Every page: the phone menu, table labels for the phone card layout, the
// offline notice and the service worker. No inline scripts (CSP).
(function () {
  "use strict";

  // The menu button; without JS the link opens the menu through :target.
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = !menu.classList.contains("open");
      menu.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var first = menu.querySelector("a, select, button");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("open")) {
        menu.classList.remove("open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // On phones each table row is a card; its cells say which column they are.
  document.querySelectorAll("table.table").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) return;
    var labels = [];
    heads.forEach(function (th) {
      var span = parseInt(th.getAttribute("colspan") || "1", 10);
      for (var i = 0; i < span; i++) labels.push(th.textContent.trim());
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var col = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var label = labels[col];
        if (cell.tagName === "TD" && label && !cell.hasAttribute("data-label") && !cell.hasAttribute("colspan")) {
          cell.setAttribute("data-label", label);
        }
        col += parseInt(cell.getAttribute("colspan") || "1", 10);
      });
    });
  });

  // Offline notice.
  var notice = document.getElementById("offline-notice");
  function online() { if (notice) notice.hidden = navigator.onLine; }
  window.addEventListener("online", online);
  window.addEventListener("offline", online);
  online();
})();

// The installable app: register the service worker (served from the site
// root); signing out forgets the pages it kept.
(function () {
  "use strict";
  var me = document.getElementById("site-js");
  if (!("serviceWorker" in navigator) || !me || !me.dataset.sw) return;
  navigator.serviceWorker.register(me.dataset.sw, { scope: "/" }).catch(function () {});
  document.querySelectorAll("form").forEach(function (form) {
    if (!/logout/.test(form.getAttribute("action") || "")) return;
    form.addEventListener("submit", function () {
      if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage("sign-out");
      if (window.caches) caches.delete("pages-v1");
    });
  });
})();
