"""Headers on every response: a strict Content Security Policy, and no caching of signed-in
pages.

Doorstep has no inline script or style (not even a style="" attribute), so the policy can
allow only files served from Doorstep itself: an injected <script> or style does nothing.
"""

from django.conf import settings
from django.http import Http404


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {sources}".strip()
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        # A view that needs a different policy (none does yet) sets the header itself.
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in person.

    Staff pages and exports carry residents' personal data; a shared computer's browser
    cache or a proxy must not keep a copy. Responses to signed-out visitors (the sign-in
    page, a resident's survey link, which sets its own) are left as their views set them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


class RefuseNulCharactersMiddleware:
    """A 404 for a path or query string with a NUL character (``%00``) in it.

    No Doorstep address or parameter holds one, and PostgreSQL refuses to compare text with
    one in it (a server error, issue 19). Form fields are already refused by Django's forms.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise Http404("There is no such page.")
        return self.get_response(request)
