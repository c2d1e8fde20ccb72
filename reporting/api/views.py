from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import sees_province_dashboard
from reporting import dashboard
from reporting.api.serializers import DashboardSerializer
from tasktracker.api.filters import check_query_parameters
from tasktracker.api.permissions import allowed_if


class DashboardView(APIView):
    """The dashboard's counts in the reporting categories, overall and per lead agency."""

    permission_classes = [allowed_if(sees_province_dashboard)]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="Notices dated from (YYYY-MM-DD)."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Notices dated until (YYYY-MM-DD)."),
        ],
        responses=DashboardSerializer,
    )
    def get(self, request):
        check_query_parameters(request.query_params, ("start", "end"))
        period = PeriodSerializer(data=request.query_params.dict())
        period.is_valid(raise_exception=True)
        date_range = (period.validated_data.get("start"), period.validated_data.get("end"))
        return Response(DashboardSerializer(dashboard.statistics(date_range, timezone.localdate())).data)


class PeriodSerializer(serializers.Serializer):
    """A period of notice dates; one that ends before it starts is simply empty."""

    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
