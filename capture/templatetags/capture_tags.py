from django import template
from django.urls import reverse

from capture.bookmarklet import bookmarklet_href

register = template.Library()


@register.simple_tag(takes_context=True)
def capture_bookmarklet(context) -> str:
    """The bookmarklet's link, pointing at this Rebound's own paste page."""
    request = context["request"]
    return bookmarklet_href(request.build_absolute_uri(reverse("capture:posting_paste")))
