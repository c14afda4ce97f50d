"""Django's password checks, with messages that say what to do, in Rebound's words."""

from django.contrib.auth import password_validation as django_validation


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Use at least {self.min_length} characters. A few unrelated words make a long password that is easy to remember."

    def get_help_text(self) -> str:
        return f"At least {self.min_length} characters."


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return (
            "This password is too close to your %(verbose_name)s. Choose something unrelated to it."
        )

    def get_help_text(self) -> str:
        return "Nothing close to your email address or name."


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Many people use this password, so it is easy to guess. Choose a less common one."

    def get_help_text(self) -> str:
        return "Not a commonly used password."


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Add some letters: a password of only numbers is easy to guess."

    def get_help_text(self) -> str:
        return "Not only numbers."
