"""The API's orjson renderer writes exactly the bytes DRF's own JSONRenderer writes."""

import datetime
import decimal
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from samskabelse.api.renderers import JSONRenderer

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

SAMPLES = [
    {"title": "Fælles-skaberen", "count": 3, "share": 0.25, "open": True, "none": None},
    {"when": datetime.datetime(2026, 12, 2, 18, 30, 5, 123456, tzinfo=datetime.UTC)},
    {"when": datetime.datetime(2026, 6, 2, 18, 30, tzinfo=COPENHAGEN)},
    {"day": datetime.date(2026, 12, 24), "at": datetime.time(9, 30, 15, 500000)},
    {"amount": decimal.Decimal("12.50"), "id": uuid.UUID(int=7)},
    {"label": gettext_lazy("Cases"), "tuple": (1, 2), "nested": [{"a": []}, {}]},
    {"line": "one\u2028two\u2029three", "emoji": "🙂", "quote": 'say "hi"\n'},
    {1: "integer keys become strings"},
    {"big": 2**70},  # past orjson's 64 bits: DRF's renderer writes it
    [],
    "plain",
]


@pytest.mark.parametrize("data", SAMPLES)
def test_the_body_is_the_same_bytes_drf_writes(data):
    assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)


def test_indented_json_asked_for_is_indented_as_drf_does():
    data = {"a": [1, {"b": "c"}]}
    media_type = "application/json; indent=4"
    ours = JSONRenderer().render(data, media_type, {})
    assert ours == DRFJSONRenderer().render(data, media_type, {})
    assert b"\n    " in ours


def test_no_data_is_an_empty_body():
    assert JSONRenderer().render(None) == b""
