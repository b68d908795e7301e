import re

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `?page_size=` from 1 to 200. A page or page
    size that is not a whole number in range is a 400 that says so, never a silently
    different page; a page past the last is a 404."""

    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()

    def get_paginated_data(self, data):
        """The page as a plain dict (cacheable), in the shape get_paginated_response sends."""
        return self.get_paginated_response(data).data

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = self.whole_number(raw)
        if size is None or not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        number = self.whole_number(raw)
        if number is None or number < 1:
            raise exceptions.ValidationError(
                {self.page_query_param: [_("Enter a whole number from 1.")]}
            )
        return number

    @staticmethod
    def whole_number(raw):
        return int(raw) if WHOLE_NUMBER.fullmatch(raw) else None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 999_999_999}
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = str(
                    _("Results per page, from 1 to %(max)d (default %(default)d).")
                    % {"max": self.max_page_size, "default": self.page_size}
                )
        return parameters
