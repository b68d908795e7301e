"""The API's JSON renderer, and renderers of downloads (the cases export).

JSONRenderer writes the same bytes as DRF's own with orjson, several times faster: a page
of 50 cases is a few hundred thousand characters. Whatever orjson writes differently is
handed to DRF's encoder (datetimes, decimals, lazy strings), and a request for indented
JSON (the browsable API, `Accept: application/json; indent=4`) goes to DRF's renderer.

The download renderers name a format for DRF's content negotiation (`?format=csv`,
`Accept: text/csv`) and for the schema; the view builds the body itself (streamed when
long), and an error answer is JSON whatever was asked for."""

import orjson
from rest_framework import renderers
from rest_framework.renderers import BaseRenderer
from rest_framework.settings import api_settings
from rest_framework.utils.encoders import JSONEncoder

from samskabelse.exports import XLSX_CONTENT_TYPE

# DRF escapes these two (valid JSON, but line breaks to JavaScript); so do we.
LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))
ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


class JSONRenderer(renderers.JSONRenderer):
    _default = JSONEncoder().default

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        plain = api_settings.COMPACT_JSON and api_settings.UNICODE_JSON
        if not plain or self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=self._default, option=ORJSON_OPTIONS)
        except orjson.JSONEncodeError:  # what orjson cannot write (an integer past 64 bits)
            return super().render(data, accepted_media_type, renderer_context)
        for separator, escaped in LINE_SEPARATORS:
            if separator in body:
                body = body.replace(separator, escaped)
        return body


class DownloadRenderer(BaseRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data  # the view hands over bytes it built


class CSVRenderer(DownloadRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class XLSXRenderer(DownloadRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
