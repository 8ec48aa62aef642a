import importlib

import pytest
from django.urls import Resolver404, resolve

import tdkt_portal.urls


@pytest.fixture
def debug_urls(settings):
    settings.DEBUG = True
    yield importlib.reload(tdkt_portal.urls)
    settings.DEBUG = False
    importlib.reload(tdkt_portal.urls)


def test_uploaded_files_are_not_served_by_path_even_in_debug(debug_urls):
    with pytest.raises(Resolver404):
        resolve("/media/minh-chung/1/0123456789abcdef/bao-cao.pdf", urlconf=debug_urls)
