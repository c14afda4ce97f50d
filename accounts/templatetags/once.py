"""`{% once_token %}`: the one-time token (accounts/once.py) for a create form that
has no Django form behind it, such as a single "Create" button."""

from django import template
from django.utils.html import format_html

from accounts.once import ONCE_FIELD, new_token

register = template.Library()


@register.simple_tag
def once_token() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', ONCE_FIELD, new_token())
