from django import template

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
