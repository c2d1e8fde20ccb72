from rest_framework import viewsets

from accounts.permissions import signed_in
from agencies.api.serializers import AgencySerializer
from agencies.filtersets import AgencyFilterSet
from agencies.models import Agency
from tasktracker.api.permissions import allowed_if


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """The agency registry: the bodies that lead or support tasks."""

    queryset = Agency.objects.order_by("name", "pk")
    serializer_class = AgencySerializer
    permission_classes = [allowed_if(signed_in)]
    filterset_class = AgencyFilterSet
