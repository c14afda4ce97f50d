import io

from django.core.mail import EmailMessage

from accounts.mail import ReadableConsoleBackend


def test_console_mail_keeps_a_long_link_on_one_line():
    link = "http://127.0.0.1:8000/accounts/confirm-email/MQ:1xVa3W:8u1HT_23zdjN6bs8Txo46BJ47EL2oU4YS1DHHTa3Wj0/"
    stream = io.StringIO()
    backend = ReadableConsoleBackend(stream=stream)
    backend.send_messages(
        [EmailMessage("Confirm", f"Open this link:\n{link}\n", "a@example.com", ["b@example.com"])]
    )
    printed = stream.getvalue()
    assert link in printed.splitlines()
    assert "Subject: Confirm" in printed
