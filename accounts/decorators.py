from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def staff_required(view):
    """Active staff only; other signed-in users get a 404, anonymous visitors the login page."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper
