import functools
import secrets
import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

# The areas of the canonical "Area/Location" zone names. Everything else in the
# database is an alias or a technical name ("GB-Eire", "US/Eastern", "Etc/GMT+3").
TIME_ZONE_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


@functools.cache
def _all_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices(keep: str = "") -> list[tuple[str, str]]:
    """The time zones a person chooses from: "Area/Location" names and UTC.
    `keep` adds a valid zone someone already has, so saving a form never
    fails or silently changes it just because the menu got shorter."""
    names = {name for name in _all_time_zones() if name.split("/", 1)[0] in TIME_ZONE_AREAS}
    names.add("UTC")
    if keep in _all_time_zones():
        names.add(keep)
    return [(name, name.replace("_", " ")) for name in sorted(names)]


# How a drafted message is signed while Rebound does not know the person's name;
# every page that shows such a draft says so beside it.
NAME_PLACEHOLDER = "[Your name]"


def default_no_response_days() -> int:
    """A new person's setting, from REBOUND_NO_RESPONSE_DAYS (21 unless configured)."""
    return settings.REBOUND_NO_RESPONSE_DAYS


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class EmailUserManager(UserManager):
    """People sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user_object(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.password = ""
        if password is not None:
            user.set_password(password)
        return user

    def _create_user(self, email, password, **extra_fields):
        user = self._create_user_object(email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField(
        "your name",
        max_length=150,
        blank=True,
        help_text="Used to sign the messages Rebound drafts for you.",
    )
    time_zone = models.CharField(
        max_length=64,
        default="Europe/London",
        choices=time_zone_choices,
        help_text="Dates and times are shown and entered in this time zone.",
    )
    no_response_days = models.PositiveSmallIntegerField(
        "suggest 'no response' after",
        default=default_no_response_days,
        help_text="Days without news before Rebound suggests marking an application as no response.",
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    transcribe_on_server = models.BooleanField(
        "turn spoken answers into text on Rebound's server",
        default=True,
        help_text="Your recording is sent to Rebound's own server, turned into text there and "
        "deleted as soon as the text exists. Nothing goes to another company. "
        "Turn this off to type your answers instead.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    def __str__(self) -> str:
        return self.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The person's time zone (UTC if the stored name is unknown)."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_now(self, now: datetime | None = None) -> datetime:
        return (now or timezone.now()).astimezone(self.zone)

    def local_today(self, now: datetime | None = None) -> date:
        return self.local_now(now).date()

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    def reset_calendar_token(self) -> None:
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token"])


class FormSubmission(models.Model):
    """A create form that was saved, remembered by the one-time token it carried
    (accounts/once.py), so the same submission sent again is not saved twice."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="form_submissions"
    )
    token = models.CharField(max_length=64)
    # A digest of what was posted: the same form sent back changed is a new request.
    digest = models.CharField(max_length=64)
    # Where the first submission led: the page of what it created.
    redirect_to = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "token", "digest"], name="form_submission_once"
            ),
        ]
        indexes = [models.Index(fields=["owner", "created_at"], name="form_submission_age")]

    def __str__(self) -> str:
        return f"Form sent at {self.created_at:%Y-%m-%d %H:%M}"
