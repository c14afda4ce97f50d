"""Rebound as an installable web app: manifest, service worker, offline page.

The manifest's `share_target` puts Rebound in a phone's Share menu: sharing a
job link from another app opens /capture/share/, which starts the add form
from it (capture/views.py). The service worker does one thing: when there is
no connection, a page that cannot load shows the offline page instead of the
browser's error. It caches nothing else, so every page is always fresh.
"""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

THEME = "#0f5e63"
SW_VERSION = "1"


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": "Rebound",
        "short_name": "Rebound",
        "description": "Your job search, and what each rejection can teach you.",
        "id": "/",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "share_target": {
            "action": reverse("capture:share"),
            "method": "GET",
            "params": {"title": "title", "text": "text", "url": "url"},
        },
    }
    response = JsonResponse(data)
    response["Content-Type"] = "application/manifest+json"
    return response


SERVICE_WORKER = """// Rebound's service worker: shows the offline page when a page cannot load.
const CACHE = "rebound-offline-%(version)s";
const OFFLINE = %(offline)s;
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([OFFLINE, %(css)s])));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))),
    ),
  );
  self.clients.claim();
});
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.mode !== "navigate" || request.method !== "GET") return;
  event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
});
"""


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    body = SERVICE_WORKER % {
        "version": SW_VERSION,
        "offline": json.dumps(reverse("offline")),
        "css": ", ".join(
            # The offline page asks for the files by their plain names (error_base.html).
            json.dumps(settings.STATIC_URL + path)
            for path in ("vendor/bootstrap-5.3.9/bootstrap.min.css", "css/rebound.css")
        ),
    }
    response = HttpResponse(body, content_type="text/javascript")
    # Browsers look for a new worker on each visit; never serve an old one.
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "capture/offline.html")
