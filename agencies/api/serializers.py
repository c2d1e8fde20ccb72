from rest_framework import serializers

from agencies.models import Agency


class AgencySerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "aliases", "kind", "parent", "email", "is_active", "successor"]
