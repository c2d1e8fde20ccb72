"""What a process keeps by key, only for the keys used latest: compiled statements, pieces of pages, words."""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache
from threading import Lock
from typing import TypeVar

from django.core.signals import setting_changed

Kept = TypeVar("Kept")


class LatestKept:
    """Values by key, made by the caller the first time, those of the latest `most` keys used kept."""

    def __init__(self, most: int):
        self.most = most
        self._kept: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, make: Callable[[], Kept], keep: bool = True) -> Kept:
        """The value kept under `key`, or `make()`'s, kept unless `keep` is false."""
        with self._lock:
            value = self._kept.pop(key, None)
        if value is None:
            value = make()
            if not keep:
                return value
        with self._lock:
            self._kept[key] = value  # the latest used last
            while len(self._kept) > self.most:
                self._kept.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._kept


def per_language(read: Callable[[str | None], Kept]) -> Callable[[str | None], Kept]:
    """`read(language)` kept per language: the words, labels and formats a page writes the same way for every
    row, looked up once per language instead of once per page. Forgotten whenever a setting changes: what
    they were read from besides the language (catalogs, formats, number settings) is in the settings."""
    kept = lru_cache(maxsize=16)(read)

    def forget(**kwargs):
        kept.cache_clear()

    setting_changed.connect(forget, weak=False, dispatch_uid=f"{read.__module__}.{read.__qualname__}")
    return kept
