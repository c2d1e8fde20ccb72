"""What an email says and where its links lead: rendered in the site's language from the templates
`notifications/email/<template>.txt` and `.html`, with the links every email carries."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, translation
from django.utils.text import Truncator

NOTICE_TITLE_SHOWN = 60
# An email lists this many tasks of a kind (a grouped reminder's, a digest's overdue or upcoming ones), the
# most urgent first; the rest are counted and left to My tasks: at 1,000,000 tasks the busiest agency's
# lists run to megabytes that no mail reader shows.
LISTED_IN_EMAIL = 100


def absolute_url(path: str) -> str:
    """A link for an email: the site's address (a worker has no request) and the path."""
    return settings.SITE_URL.rstrip("/") + path


def task_path(directive) -> str:
    """Where a task is shown in the app."""
    return reverse("directives:directive_detail", args=[directive.pk])


def my_tasks_path() -> str:
    """Where a person sees their agency's tasks, most urgent first (a grouped reminder links there)."""
    return reverse("directives:my_tasks")


def notice_label(notice) -> str:
    """How a notice is named in a subject line: its number, else (a draft) the start of its title."""
    return notice.number or Truncator(notice.title).chars(NOTICE_TITLE_SHOWN)


def short_date(day: date) -> str:
    """dd/mm/yyyy, as people read dates here."""
    return _short_date(day, translation.get_language())


@lru_cache(maxsize=4096)
def _short_date(day: date, language: str | None) -> str:
    # Once per day and language: a month's end formats the same few due dates for 60,000 reminders.
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class Rendered:
    """A message as its recipients read it: subject line, plain text and HTML."""

    subject: str
    text: str
    html: str


def render_email(template: str, subject: str, context: dict) -> Rendered:
    """Render `notifications/email/<template>.txt` and `.html` with the common context."""
    notice = context.get("notice")
    context = {
        **context,
        "notice_name": (notice.number or f"“{notice.title}”") if notice else "",
        "subject": subject,
        **_site_links(settings.SITE_URL, get_script_prefix(), get_urlconf()),
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    return Rendered(subject=" ".join(subject.split())[:255], text=text, html=html)


@dataclass(frozen=True)
class ToRender:
    """A message whose subject line is known when it is written and whose text the sender renders
    (`notifications.texts.render_contents`): by the renderer `renderer` in its `version`, called with the
    part `part_id` and `arguments` (JSON: dates as ISO strings)."""

    subject: str
    renderer: str
    version: int
    part_id: int | None
    arguments: dict

    def stored(self) -> dict:
        """How `EmailContent.to_render` keeps it until the text is rendered."""
        return {
            "renderer": self.renderer,
            "version": self.version,
            "part": self.part_id,
            "arguments": self.arguments,
        }


@lru_cache(maxsize=8)
def _site_links(site_url: str, script_prefix: str, urlconf) -> dict:
    """The links every email carries, worked out once: `reverse` costs as much as a tenth of a render."""
    site_url = site_url.rstrip("/")
    return {
        "site_url": site_url,
        "home_url": site_url + reverse("home"),
        "preferences_url": site_url + reverse("notifications:list"),
    }


def in_site_language():
    """What users read is rendered in the site's language (Vietnamese), whoever runs the sweep."""
    return translation.override(settings.LANGUAGE_CODE)
