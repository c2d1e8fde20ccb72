from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import allowed_if
from accounts.forms import ApiTokenForm
from accounts.models import ApiToken
from accounts.permissions import signed_in
from accounts.services import issue_token, revoke_token


@allowed_if(signed_in)
def token_list(request):
    """A person's own API tokens: create one (shown once, on this response only) or revoke one."""
    form = ApiTokenForm(request.POST or None)
    issued = issued_value = None
    if request.method == "POST" and form.is_valid():
        issued, issued_value = issue_token(
            owner=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            by=request.user,
        )
        form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user),
        "issued": issued,
        "issued_value": issued_value,
    }
    response = render(request, "accounts/token_list.html", context, status=400 if form.errors else 200)
    # The page may hold a token: no browser or proxy keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


@allowed_if(signed_in)
@require_POST
def token_revoke(request, token_key):
    """Revoke one of one's own tokens (another person's is not found)."""
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), token_key=token_key)
    revoke_token(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:token_list")


def locked_out(request, *args):
    """What django-axes answers a locked-out login with (the site's and the admin's alike)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
