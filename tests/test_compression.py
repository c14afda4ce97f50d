"""Pages go out compressed, so a first load counts what really crosses the wire."""

import gzip

from django.urls import reverse


def test_html_is_gzipped_when_the_browser_accepts_it(client_logged_in):
    response = client_logged_in.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(response.content)


def test_html_is_plain_when_the_browser_does_not_ask(client_logged_in):
    response = client_logged_in.get(reverse("home"))
    assert not response.has_header("Content-Encoding")
