import datetime as dt

from django.tasks import task

from .services import digest_send


@task()
def send_digest(user_id: int, local_date: str) -> str:
    return digest_send(user_id=user_id, local_date=dt.date.fromisoformat(local_date))
