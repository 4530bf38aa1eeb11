// Service worker of the door scanner: the page and its files stay available with no network.
// Static files: cache first. The scanner page: network first (3 s), then the cached copy.
// The API is never cached: check-ins judged offline are queued by the page itself (IndexedDB).
const CACHE = "multaqa-scanner-v1";
const STATIC = [
  "/static/vendor/bootstrap/bootstrap.min.css",
  "/static/vendor/bootstrap/bootstrap.rtl.min.css",
  "/static/vendor/bootstrap/bootstrap.bundle.min.js",
  "/static/vendor/html5-qrcode/html5-qrcode.min.js",
  "/static/vendor/noble-ed25519/index.js",
  "/static/vendor/fonts/noto-sans-arabic-arabic-400-normal.woff2",
  "/static/vendor/fonts/noto-sans-arabic-arabic-700-normal.woff2",
  "/static/css/multaqa.css",
  "/static/js/scanner.js",
  "/static/pwa/icon-192.png",
  "/static/pwa/icon-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(STATIC)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
  } else if (/^\/registration\/workshops\/\d+\/scanner$/.test(url.pathname) || url.pathname.endsWith("manifest.webmanifest")) {
    event.respondWith(
      withTimeout(fetch(request), 3000)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request)),
    );
  }
});
