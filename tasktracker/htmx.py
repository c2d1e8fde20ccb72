from django.shortcuts import render


def render_page_or_fragment(request, page_template, fragment_template, context, status=200):
    """The fragment for an htmx request (it swaps that part of the page), else the whole page."""
    template = fragment_template if getattr(request, "htmx", False) else page_template
    return render(request, template, context, status=status)
