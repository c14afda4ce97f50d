// Opened as an installed app, Rebound registers its service worker, which
// shows an offline page when there is no connection (capture/webapp.py).
// In an ordinary browser tab nothing is registered.
(() => {
  if (!("serviceWorker" in navigator)) return;
  if (!window.matchMedia("(display-mode: standalone)").matches) return;
  navigator.serviceWorker.register("/sw.js").catch(() => {});
})();
