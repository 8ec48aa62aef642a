"""The OpenAPI schema describes the API that answers: Schemathesis generates calls of every
operation from the schema and checks each answer (no server error, body and headers as the
schema says). The documentation page loads nothing from outside the portal."""

import re

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis import checks as st_checks
from schemathesis.specs.openapi import checks as openapi_checks

from tdkt_portal.wsgi import application
from tests.factories import UserFactory
from units.models import Role

from .conftest import client_for

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

CHECKS = [
    st_checks.not_a_server_error,
    openapi_checks.response_schema_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
]


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request; the test's transaction
    lives on it. Django's test client detaches the same handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(world, keep_connection):
    """Headers of an admin (reads everything) and of the officer whose unit leads a task (writes)."""
    admin = UserFactory(role=Role.ADMIN, is_superuser=True)
    headers = []
    for user in (admin, world["people"]["officer"]):
        client = client_for(user)
        headers.append({"Authorization": client._credentials["HTTP_AUTHORIZATION"]})
    return headers


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_says(case, callers):
    for headers in callers:
        case.call_and_validate(headers=headers, checks=CHECKS)


def test_the_schema_is_described_in_vietnamese():
    loaded = schema.raw_schema
    assert loaded["info"]["title"] == "API Cổng Thi đua – Khen thưởng"
    summaries = {op["summary"] for path in loaded["paths"].values() for op in path.values()}
    assert {"Danh sách kế hoạch", "Chi tiết nhiệm vụ", "Báo cáo trạng thái kỳ thực hiện"} <= summaries
    assert loaded["components"]["securitySchemes"]["khoaApi"]["name"] == "Authorization"


@pytest.mark.django_db
def test_the_documentation_page_uses_only_our_static_files():
    page = Client().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source
    assert "<style" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
