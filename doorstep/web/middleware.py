"""A strict Content Security Policy on every response.

Doorstep has no inline script or style (not even a style="" attribute), so the policy can
allow only files served from Doorstep itself: an injected <script> or style does nothing.
"""

from django.conf import settings


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
