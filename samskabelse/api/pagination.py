from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `?page_size=` up to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_data(self, data):
        """The page as a plain dict (cacheable), in the shape get_paginated_response sends."""
        return self.get_paginated_response(data).data
