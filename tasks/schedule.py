"""The periodic schedule is declared once, in settings.CELERY_BEAT_SCHEDULE. Beat's
DatabaseScheduler copies it into django-celery-beat's tables when it starts; doing the same
after `migrate` shows it in the admin (Periodic tasks) before beat has ever run."""

from django.conf import settings


def install_beat_schedule(**kwargs) -> list:
    from django_celery_beat.schedulers import ModelEntry

    from tdkt_portal.celery import app

    return [
        ModelEntry.from_entry(name, app=app, **entry).model for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    ]
