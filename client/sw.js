// Rounds service worker: keeps the app shell on the device so the app opens with no network.
// The server stamps BUILD below with a hash of the deployed index.html, so a deploy
// changes this file and the browser installs the new version next to the old one; the page
// then offers "new version available — reload" (see pwa.js).
const BUILD = "__ROUNDS_BUILD__";
const CACHE = "rounds-shell-" + BUILD;
const ASSET = /["'](\/[^"'?#]+\.(?:js|wasm|css|png|webmanifest))["']/g;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const page = await fetch("/index.html", { cache: "no-store" });
      if (!page.ok) throw new Error("index.html: " + page.status);
      const html = await page.clone().text();
      const assets = new Set([...html.matchAll(ASSET)].map((m) => m[1]));
      assets.add("/manifest.webmanifest");
      await cache.addAll([...assets].map((a) => new Request(a, { cache: "no-store" })));
      await cache.put("/index.html", page);
      // The first version takes over at once; later ones wait for the user's "reload".
      if (!self.registration.active) await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("rounds-shell-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname === "/sw.js") return;
  if (request.mode === "navigate") {
    // Every screen is the same shell: from the device first, so a basement opens it at once.
    event.respondWith(
      caches.open(CACHE).then(async (cache) => (await cache.match("/index.html")) || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(request);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) cache.put(request, response.clone());
      return response;
    }),
  );
});
