from django import template
from django.utils.html import format_html

from applications.models import Status

register = template.Library()

# Bootstrap's subtle colour pairs keep the text at AA contrast in both themes.
STATUS_TONES = {
    Status.INTERESTED: "secondary",
    Status.APPLIED: "primary",
    Status.SCREENING: "info",
    Status.INTERVIEWING: "info",
    Status.OFFER: "warning",
    Status.ACCEPTED: "success",
    Status.REJECTED: "danger",
    Status.WITHDRAWN: "secondary",
    Status.NO_RESPONSE: "secondary",
}


@register.filter
def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "secondary")


@register.filter
def status_label(status: str) -> str:
    try:
        return Status(status).label
    except ValueError:
        return status


@register.filter
def out_of_five(value) -> str:
    """Filled and empty dots for a 1–5 rating (decorative; pair with a text label)."""
    if not value:
        return ""
    value = max(0, min(int(value), 5))
    return "●" * value + "○" * (5 - value)


# Words left out of a company's initials ("Juniper and Vale" is JV).
_MINOR_WORDS = frozenset({"and", "of", "the", "&", "for", "a", "an"})
AVATAR_TONES = 6


@register.filter
def company_avatar(name) -> str:
    """A company's initials as a small decorative avatar, its tone picked from the
    name so the same company always looks the same. The name itself is always
    written beside it, so the avatar is hidden from screen readers."""
    words = [w for w in str(name or "").split() if w.lower() not in _MINOR_WORDS]
    initials = "".join(w[0] for w in words[:2] if w[0].isalnum()).upper() or "?"
    tone = sum(map(ord, str(name or ""))) % AVATAR_TONES
    return format_html(
        '<span class="rb-avatar rb-avatar-{}" aria-hidden="true">{}</span>', tone, initials
    )
