from axes.apps import AppConfig as AxesConfig


class LoginLockoutConfig(AxesConfig):
    """django-axes as installed here (INSTALLED_APPS): only its name in the admin is ours.

    A module of its own: tdkt_portal/apps.py must hold one AppConfig for Django to pick it."""

    verbose_name = "Khoá đăng nhập"
