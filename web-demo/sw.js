// Offline support: every file of the page is cached on first visit; requests go to the network
// first and to the cache when the network fails. BUILD is replaced by build.sh with
// a hash of the files, so a new build replaces the old cache.
const CACHE = 'slatewise-BUILD';
const FILES = ['./', 'index.html', 'style.css', 'app.js', 'worker.js', 'pkg/slatewise_wasm.js', 'pkg/slatewise_wasm_bg.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('slatewise-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Network first (a new build shows at once), the cache when offline. Pages (with
  // ?region=... or ?view=...) are all index.html.
  const key = event.request.mode === 'navigate' ? new URL('index.html', self.registration.scope).href : event.request;
  event.respondWith(
    fetch(event.request).catch(() => caches.match(key).then((hit) => hit || Response.error())),
  );
});
