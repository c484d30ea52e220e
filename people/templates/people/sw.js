{% load static %}// ServiceTrain's service worker (served from the site root so that its scope
// is the whole site). The app shell is cached on install; lessons, courses
// and the learning home are cached when opened, so they read offline;
// everything else goes to the network. Signing out clears the caches.
"use strict";
const VERSION = "{{ version }}";
const SHELL = "shell-" + VERSION;
const PAGES = "pages-v1";
const SHELL_URLS = [
  "{% static 'css/site.css' %}",
  "{% static 'js/site.js' %}",
  "{% static 'training/quiz.js' %}",
  "{% static 'icons/icon-192.png' %}",
  "{% static 'icons/favicon-32.png' %}",
  "{{ offline_url }}",
];
// Pages worth keeping for offline reading (GET, signed-in learner's own).
const KEEP = [
  /^\/learning\/$/,
  /^\/learning\/courses\/\d+\/$/,
  /^\/learning\/lessons\/\d+\/$/,
  /^\/learn\/.+/,
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(
      keys.filter((k) => k.startsWith("shell-") && k !== SHELL).map((k) => caches.delete(k))
    )).then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "sign-out") {
    event.waitUntil(caches.delete(PAGES));
  }
});

function keep(url) {
  return url.origin === self.location.origin && KEEP.some((re) => re.test(url.pathname));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("{% get_static_prefix %}")) {
    // Static files: cache first (their names change with their content in production).
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(SHELL).then((cache) => cache.put(request, copy));
        }
        return response;
      }))
    );
    return;
  }
  if (request.mode !== "navigate") return;
  // Pages: network first; kept pages are stored on the way and served from
  // the cache when the network fails; others fall back to the offline page.
  event.respondWith(
    fetch(request).then((response) => {
      if (response.ok && !response.redirected && keep(url)) {
        const copy = response.clone();
        caches.open(PAGES).then((cache) => cache.put(request, copy));
      }
      return response;
    }).catch(() => caches.match(request, { ignoreSearch: true }).then(
      (hit) => hit || caches.match("{{ offline_url }}")
    ))
  );
});
