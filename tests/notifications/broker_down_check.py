"""Run by test_mail.py in a process whose REDIS_URL points where nothing listens: an officer
submits a dossier; prints the response as JSON."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt_portal.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from units.models import User  # noqa: E402


def main(dossier_id: int) -> dict:
    setup_test_environment()
    officer = Client()
    officer.force_login(User.objects.get(username="bn.gddt"))
    response = officer.post(f"/khen-thuong/ho-so/{dossier_id}/chuyen/submit/")
    return {"status": response.status_code, "location": response.headers.get("Location")}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
