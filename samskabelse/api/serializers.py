from rest_framework import serializers

from samskabelse.models import Municipality, Organisation


class WithInsiderFields:
    """A serializer with fields (Meta.insider_fields) that only clients who may see
    internal data get: the view picks the shape by who asks, and the schema documents one
    shape with those fields optional (samskabelse.api.schema.InsiderFieldsExtension)."""


class MunicipalitySerializer(serializers.ModelSerializer):
    kommunekode = serializers.CharField(source="code")
    region_name = serializers.CharField(source="get_region_display")

    class Meta:
        model = Municipality
        fields = ["kommunekode", "name", "region", "region_name"]


class OrganisationSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "municipality", "website"]
