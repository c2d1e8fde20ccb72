"""Paging long lists of wide rows (pages and API alike)."""

from django.core.paginator import Paginator


def rows_by_ids_first(queryset, start: int, stop: int) -> list:
    """The rows `queryset[start:stop]`, found in two steps: their ids in the queryset's order, then the
    rows themselves with everything they join and prefetch.

    Ordering a large queryset carries every joined column through the sort; ordering the ids alone lets
    the database read narrow indexes (see docs/performance.md), and only the rows shown are joined.
    """
    ids = list(queryset.values_list("pk", flat=True)[start:stop])
    if not ids:
        return []
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(queryset.order_by().filter(pk__in=ids), key=lambda row: position[row.pk])


class IdsFirstPaginator(Paginator):
    """A Paginator whose pages are read as `rows_by_ids_first` reads them."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_by_ids_first(self.object_list, bottom, top), number, self)
