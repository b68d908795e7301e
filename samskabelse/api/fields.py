from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS


class TextField(serializers.CharField):
    """Text input sent as a JSON string: a number or an object is an error, as the schema
    says, rather than turned into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class BooleanField(serializers.BooleanField):
    """A JSON true or false: DRF would also take "yes", 1 or "on"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class ChoiceField(serializers.ChoiceField):
    """One of the choices with its own JSON type: DRF would take "1" for 1 and true for 1."""

    def to_internal_value(self, data):
        try:
            known = not isinstance(data, bool) and (data == "" or data in self.choices)
        except TypeError:  # a list or an object
            known = False
        if not known:
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class SlugReferenceField(serializers.SlugRelatedField):
    """An object named by its code or slug, sent as a JSON string (not a number that
    happens to look like one); with many=True, a JSON array of them."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {key: kwargs[key] for key in kwargs if key in MANY_RELATION_KWARGS}
        return ReferenceListField(child_relation=cls(*args, **kwargs), **list_kwargs)


class ReferenceListField(serializers.ManyRelatedField):
    """A JSON array only: DRF would take an object's keys as the list."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class InputModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer for input whose fields take only the JSON types the schema names."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.BooleanField: BooleanField,
    }
    serializer_choice_field = ChoiceField


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
