"""Development mail: printed to the console as a person would read it."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class ReadableConsoleBackend(ConsoleBackend):
    """Like Django's console backend, but prints the plain text as written.

    The raw message is quoted-printable, which splits long lines with "=": a
    confirmation link copied from the terminal would then be broken. Here each
    link stays on one line, ready to copy.
    """

    def write_message(self, message):
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
            "",
            message.body,
        ]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
