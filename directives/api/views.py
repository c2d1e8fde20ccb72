from django.db import router
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.fields import SkipField, empty
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.permissions import decides_extensions, requests_extension_for, signed_in
from directives import counts
from directives.api.serializers import (
    DirectiveSerializer,
    ExtensionApprovalSerializer,
    ExtensionAskSerializer,
    ExtensionRefusalSerializer,
    ExtensionRequestSerializer,
    NoticeSerializer,
    PartSerializer,
    ProgressReportSerializer,
    ProgressReportWithEvidenceSerializer,
    ProgressUpdateSerializer,
    part_rows,
)
from directives.exceptions import ExtensionNotPermitted
from directives.extensions import approve_extension, refuse_extension, request_extension
from directives.filtersets import DirectiveFilterSet, PartFilterSet
from directives.forms import ProgressForm
from directives.models import Directive, ExtensionRequest, Notice, Part, ProgressUpdate
from directives.querysets import AGENCY_ROLES, LEAD, SEES_EVERY_AGENCY, SEES_OWN_AGENCY, visibility_of
from directives.services import check_progress_allowed
from tasktracker.api.exceptions import form_errors
from tasktracker.api.filters import asks_for_no_filter
from tasktracker.api.pagination import IdsFirstPagination
from tasktracker.api.permissions import allowed_if
from tasktracker.statements import PreparedQuery


def stably_ordered(queryset):
    """The queryset with ties in its order broken by id, so pages never repeat or skip a row."""
    return queryset.order_by(*queryset.query.order_by, "pk") if queryset.query.order_by else queryset


class StableOrderingMixin(GenericAPIView):
    """Whatever order a client asks for, ties are broken by id (`stably_ordered`)."""

    def filter_queryset(self, queryset):
        return stably_ordered(super().filter_queryset(queryset))


class NoticeViewSet(StableOrderingMixin, viewsets.ReadOnlyModelViewSet):
    """Notices the user can see (all of them for the office and leaders)."""

    serializer_class = NoticeSerializer
    permission_classes = [allowed_if(signed_in)]

    def get_queryset(self):
        notices = Notice.objects.visible_to(self.request.user).order_by("-issued_on", "-created_at")
        if self.action == "list":  # counted for the page alone (`paginate_queryset`), not for every notice
            return notices
        return notices.annotate(task_count=Count("directives", filter=Q(directives__is_heading=False)))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            Directive.objects.count_per_notice(page)
        return page


class DirectiveViewSet(StableOrderingMixin, viewsets.ReadOnlyModelViewSet):
    """Tasks as the notices give them, each with its lead agencies' parts."""

    serializer_class = DirectiveSerializer
    permission_classes = [allowed_if(signed_in)]
    filterset_class = DirectiveFilterSet

    def get_queryset(self):
        parts = Part.objects.with_timeliness(timezone.localdate()).select_related("agency")
        return (
            Directive.objects.visible_to(self.request.user)
            .tasks()
            .select_related("notice", "parent")
            .prefetch_related("supporting_agencies", Prefetch("parts", queryset=parts))
            .order_by("notice_id", "position")
        )


def task_parts_in(shape: str, keys: tuple[int, ...]):
    """The lead agencies' parts a person of this shape of `visibility_of` sees, most urgent first."""
    return Part.objects.visible_in(shape, keys).by_urgency()


def task_parts_for(user, *, paged_as_rows: bool = False):
    """The lead agencies' parts the user may see, most urgent first: ready to show one by one, or, with
    `paged_as_rows`, bare for a list to count and page (each page's ids then read as `part_rows`)."""
    parts = task_parts_in(*visibility_of(user))
    if paged_as_rows:
        return parts
    return parts.for_listing(timezone.localdate()).prefetch_related("directive__supporting_agencies")


def _listed_part_ids(shape: str):
    return lambda *keys: stably_ordered(task_parts_in(shape, keys)).values("pk")


# The ids of a page of the parts' list, unfiltered and in its own order, for each shape of `visibility_of`
# that sees any: its SQL compiled once, its LIMIT and OFFSET as parameters (`PreparedQuery.slice`).
_unfiltered_part_ids = {
    SEES_EVERY_AGENCY: PreparedQuery(Part, _listed_part_ids(SEES_EVERY_AGENCY), ()),
    SEES_OWN_AGENCY: PreparedQuery(Part, _listed_part_ids(SEES_OWN_AGENCY)),
}


class VisibleParts:
    """The parts' list unfiltered, in its own order, for one shape of `visibility_of` and its keys, as
    `tasktracker.pagination.ListPaginator` pages it: its count kept until a change (`counts.kept_counts`),
    its pages of ids and their rows (`part_rows`) read by statements compiled once, with no queryset built
    for the request."""

    def __init__(self, shape: str, keys: tuple, kept_counts):
        self.shape = shape
        self.keys = keys
        self.kept_counts = kept_counts

    def count_up_to(self, limit: int) -> int:
        """How many parts the list has, counting no further than `limit`."""
        key = ("visible parts", self.shape, self.keys, limit)
        return self.kept_counts.by_key(
            router.db_for_read(Part),
            key,
            lambda: task_parts_in(self.shape, self.keys).order_by().values("pk")[:limit].count(),
        )

    def ids(self, start: int, stop: int) -> list[int]:
        return [row["pk"] for row in _unfiltered_part_ids[self.shape].slice(start, stop, *self.keys)]

    def rows(self, ids: list[int]) -> list[dict]:
        return part_rows(ids)


class PartPagesMixin(GenericAPIView):
    """Pages of parts read by their ids as values (`part_rows`), which `PartSerializer`'s list writes without
    a model instance per part, task, notice and agency; counted as the task list is, each count kept until a
    change is committed (`counts.kept_counts`)."""

    pagination_class = IdsFirstPagination
    read_page_rows = staticmethod(part_rows)
    page_row_counter = staticmethod(counts.kept_counts)


class PartViewSet(PartPagesMixin, StableOrderingMixin, viewsets.ReadOnlyModelViewSet):
    """Lead agencies' parts of tasks, filtered exactly as the task list in the browser."""

    serializer_class = PartSerializer
    permission_classes = [allowed_if(signed_in)]
    filterset_class = PartFilterSet

    def get_queryset(self):
        return task_parts_for(self.request.user, paged_as_rows=self.action == "list")

    def list(self, request, *args, **kwargs):
        parts = self.unfiltered_parts()
        if parts is None:
            return super().list(request, *args, **kwargs)
        # Paged as the list it is (`IdsFirstPagination`); DRF's stubs know only querysets.
        page: list | None = self.paginate_queryset(parts)  # type: ignore[arg-type]
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def unfiltered_parts(self) -> VisibleParts | None:
        """For the list unfiltered, in its own order: the list as `VisibleParts` reads it, where
        `get_queryset`'s, through `filter_queryset`, would be built and compiled for every page."""
        if not asks_for_no_filter(self.request, self.filterset_class):
            return None
        shape, keys = visibility_of(self.request.user)
        if shape not in _unfiltered_part_ids:
            return None
        return VisibleParts(shape, keys, counts.kept_counts())


@extend_schema_view(
    list=extend_schema(deprecated=True, description="Deprecated: the same as `/api/v1/parts/`."),
    retrieve=extend_schema(deprecated=True, description="Deprecated: the same as `/api/v1/parts/{id}/`."),
)
class TaskViewSet(PartViewSet):
    """`/api/v1/tasks/`, the parts' endpoint before it was named after them (issue #16): kept for the clients
    written against it, with the same fields and filters, and headers that name its successor."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        pk = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        successor = reverse("api:part-list") if pk is None else reverse("api:part-detail", args=[pk])
        response["Deprecation"] = "true"
        response["Link"] = f'<{successor}>; rel="successor-version"'
        return response


class MyTaskListView(PartPagesMixin, StableOrderingMixin, ListAPIView):
    """The tasks the user's agency leads, most urgent first (add ?role=support for those it supports)."""

    serializer_class = PartSerializer
    permission_classes = [allowed_if(signed_in)]
    filterset_class = PartFilterSet

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "role",
                str,
                enum=list(AGENCY_ROLES),
                description="Tasks the agency leads (default) or supports.",
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        role = self.request.query_params.get("role", LEAD)
        if role not in AGENCY_ROLES:
            raise serializers.ValidationError({"role": [_("Write lead or support.")]})
        agency_id = getattr(self.request.user, "agency_id", None)
        return task_parts_for(self.request.user, paged_as_rows=True).of_agency(agency_id, role)


class ProgressUpdateViewSet(
    StableOrderingMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Task history; POST records a progress report with the rules of the task page."""

    serializer_class = ProgressUpdateSerializer
    permission_classes = [allowed_if(signed_in)]
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        return (
            ProgressUpdate.objects.visible_to(self.request.user)
            .select_related("part", "author", "agency")
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        request={
            "application/json": ProgressReportSerializer,
            "multipart/form-data": ProgressReportWithEvidenceSerializer,
        },
        responses={201: ProgressUpdateSerializer},
    )
    def create(self, request, *args, **kwargs):
        """The page's path: the part, then who may report and whether the workflow allows the move
        (`check_progress_allowed`: 403, 409, whatever else was sent, attachment included), then the
        report's fields (the serializer checks the types, `ProgressForm` the page's rules: 400), then
        `record_progress` through the form. Domain refusals are answered by the exception handler."""
        with_files = request.content_type.startswith("multipart/")
        serializer_class = ProgressReportWithEvidenceSerializer if with_files else ProgressReportSerializer
        report = serializer_class(data=request.data)
        part = reported_part(report, request)
        wanted = sent_value(report, request.data, "status")
        check_progress_allowed(part, request.user, wanted, sent_value(report, request.data, "version"))
        report.is_valid(raise_exception=True)
        fields = {name: value for name, value in report.validated_data.items() if name != "evidence"}
        files = {"evidence": report.validated_data["evidence"]} if "evidence" in report.validated_data else {}
        form = ProgressForm(fields, files, part=part, user=request.user, version_required=False)
        if not form.is_valid():
            raise form_errors(form)
        update = form.save()
        return Response(ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


def reported_part(report, request):
    """The part a progress report or an extension request names (`part`, or `task` as older clients write
    it), among those the user can see; the id is checked first."""
    field = report.fields["part"]
    data = request.data if hasattr(request.data, "get") else {}
    sent_as = "part" if "part" in data or "task" not in data else "task"
    try:
        part_id = field.run_validation(field.get_value(data))
    except serializers.ValidationError as error:
        raise serializers.ValidationError({sent_as: error.detail}) from error
    part = Part.objects.visible_to(request.user).filter(pk=part_id).first()
    if part is None:
        raise NotFound(_("No such task part, or not one you can see."))
    return part


def sent_value(serializer, data, name):
    """A field's valid value as sent, or None when absent or not valid (the full check follows)."""
    try:
        return serializer.fields[name].run_validation(data.get(name, empty))
    except (serializers.ValidationError, SkipField):
        return None


class ExtensionRequestViewSet(
    StableOrderingMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Requests for more time on the tasks the user may see; POST asks (the lead agency, multipart with
    the evidence), `approve` and `refuse` decide (the office). The rules are the task page's
    (`directives.extensions`): refused for who asks 403, by the task's state or a stale version 409."""

    serializer_class = ExtensionRequestSerializer
    parser_classes = [JSONParser, MultiPartParser]

    def get_permissions(self):
        decision = decides_extensions if self.action in ("approve", "refuse") else signed_in
        return [allowed_if(decision)()]

    def get_queryset(self):
        return (
            ExtensionRequest.objects.visible_to(self.request.user)
            .select_related("part__agency", "requested_by", "decided_by")
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        request={"multipart/form-data": ExtensionAskSerializer},
        responses={201: ExtensionRequestSerializer},
    )
    def create(self, request, *args, **kwargs):
        """The part first (404 if not one the user sees), then whether the user may ask (403), then the
        fields (400), then the service (409 when the task's state refuses)."""
        ask = ExtensionAskSerializer(data=request.data)
        part = reported_part(ask, request)
        if not requests_extension_for(request.user, part.agency_id):
            raise ExtensionNotPermitted(_("Only the lead agency asks for more time on its part of a task."))
        ask.is_valid(raise_exception=True)
        data = ask.validated_data
        extension_request = request_extension(
            part_id=part.pk,
            user=request.user,
            reason=data["reason"],
            proposed_deadline=data["proposed_deadline"],
            evidence=data["evidence"],
            expected_version=data.get("version"),
        )
        return Response(self.get_serializer(extension_request).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionApprovalSerializer, responses={200: ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The office approves the request until `granted_deadline`."""
        extension_request = self.get_object()
        decision = ExtensionApprovalSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        data = decision.validated_data
        extension_request = approve_extension(
            request_id=extension_request.pk,
            user=request.user,
            granted_deadline=data["granted_deadline"],
            note=data["note"],
            expected_version=data.get("version"),
        )
        return Response(self.get_serializer(extension_request).data)

    @extend_schema(request=ExtensionRefusalSerializer, responses={200: ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """The office refuses the request with its reason."""
        extension_request = self.get_object()
        decision = ExtensionRefusalSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        data = decision.validated_data
        extension_request = refuse_extension(
            request_id=extension_request.pk,
            user=request.user,
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return Response(self.get_serializer(extension_request).data)
