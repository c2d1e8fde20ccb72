from rest_framework import serializers


class DashboardCountsSerializer(serializers.Serializer):
    completed_on_time = serializers.IntegerField()
    completed_late = serializers.IntegerField()
    in_progress_on_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    no_deadline = serializers.IntegerField()


class AgencyCountsSerializer(DashboardCountsSerializer):
    agency = serializers.DictField()
    total = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    overall = DashboardCountsSerializer()
    by_agency = AgencyCountsSerializer(many=True)
