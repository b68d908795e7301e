from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({"type": "string", "nullable": True})
class ChoiceLabelField(serializers.Field):
    """The label of a choices field in the request's language ("Find og forstør"). Looks
    the value up in a dict instead of calling get_FOO_display, which DRF inspects on every
    row and which dominated the cost of serialising a page."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        label = self.labels.get(value)
        return None if label is None else str(label)
