"""Copying a form's cleaned data onto a model instance, as every service that edits one does."""


def assign(instance, data: dict, names, *, skip_none: bool = False) -> None:
    """Set each attribute of `instance` named in `names` that `data` holds.

    A name missing from `data` leaves the attribute as it is (a partial edit); with `skip_none`,
    so does a value of None (a form field left empty that must not blank the stored value)."""
    for name in names:
        if name in data and not (skip_none and data[name] is None):
            setattr(instance, name, data[name])
