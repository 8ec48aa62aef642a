"""Files go with the rows that hold them.

Django leaves a FileField's file on disk when its row is deleted, whether by a service, by a
cascade (a task deleted from a reopened plan takes its progress evidence along) or in the admin.
Every model with a FileField gets the receiver below: the file is deleted once the deletion has
committed, so a rolled-back delete keeps both the row and its file.
"""

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete


def file_fields(model) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def delete_files_after_commit(sender, instance, using, **kwargs) -> None:
    for field in file_fields(sender):
        stored = getattr(instance, field.attname)
        if stored:
            name, storage = stored.name, stored.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name), using=using)


def connect() -> list[type[models.Model]]:
    """Connect the receiver to every installed model with a FileField; returns those models."""
    models_with_files = [model for model in apps.get_models() if file_fields(model)]
    for model in models_with_files:
        post_delete.connect(delete_files_after_commit, sender=model, dispatch_uid=f"files-of-{model._meta.label}")
    return models_with_files
