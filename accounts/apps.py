from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import checks, security  # noqa: F401 (checks registers itself)

        security.connect()


class ReboundAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site whose history keeps no text (accounts/admin_site.py)."""

    default = False  # named in INSTALLED_APPS; AccountsConfig stays this module's default

    default_site = "accounts.admin_site.ReboundAdminSite"
