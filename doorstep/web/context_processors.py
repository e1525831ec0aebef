from django.conf import settings

from doorstep.accounts import access
from doorstep.web.navigation import destinations_for


def layout(request) -> dict:
    """What the base layout needs on every page: the landlord, the role, the navigation."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "landlord_name": settings.LANDLORD_NAME,
        "role_label": access.role_label(user) if signed_in else "",
        "navigation": destinations_for(user, path=request.path) if signed_in else [],
    }
