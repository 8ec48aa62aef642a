"""The periodic schedule is declared once, in settings.CELERY_BEAT_SCHEDULE. Beat's
DatabaseScheduler copies it into django-celery-beat's tables when it starts; doing the same
after `migrate` shows it in the admin (Periodic tasks) before beat has ever run."""

from django.conf import settings


def install_beat_schedule(**kwargs) -> list:
    from django_celery_beat.schedulers import ModelEntry

    # Each entry is checked against celery's current app: the project's, which tdkt_portal/__init__.py
    # creates as Django starts (an app cannot import the project package above it).
    return [ModelEntry.from_entry(name, **entry).model for name, entry in settings.CELERY_BEAT_SCHEDULE.items()]
