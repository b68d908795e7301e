"""Renderers of downloads (the cases export). They name a format for DRF's content
negotiation (`?format=csv`, `Accept: text/csv`) and for the schema; the view builds the
body itself (streamed when long), and an error answer is JSON whatever was asked for."""

from rest_framework.renderers import BaseRenderer

from samskabelse.exports import XLSX_CONTENT_TYPE


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
