"""What each role may do. Views ask for a permission, never for a role by name."""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from app.auth.models import Role, User


class Permission(enum.StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_ORGANISATIONS = "manage_organisations"
    MANAGE_RESULTS_FRAMEWORK = "manage_results_framework"
    MANAGE_REFERENCE_LISTS = "manage_reference_lists"
    MANAGE_WORKSHOPS = "manage_workshops"
    RUN_WORKSHOPS = "run_workshops"
    SUBMIT_CSO_ITEMS = "submit_cso_items"
    FOLLOW_UP_RECOMMENDATIONS = "follow_up_recommendations"  # review, respond, publish to all CSOs
    MANAGE_LIBRARY = "manage_library"
    VIEW_REPORTS = "view_reports"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.ORGANISER: frozenset(
        {Permission.MANAGE_WORKSHOPS, Permission.RUN_WORKSHOPS, Permission.VIEW_REPORTS,
         Permission.FOLLOW_UP_RECOMMENDATIONS, Permission.MANAGE_LIBRARY}
    ),
    Role.FACILITATOR: frozenset({Permission.RUN_WORKSHOPS}),
    Role.CSO: frozenset({Permission.SUBMIT_CSO_ITEMS}),
    Role.VIEWER: frozenset({Permission.VIEW_REPORTS}),
}


def has_permission(user: User | Any, permission: Permission) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return permission in ROLE_PERMISSIONS[user.role]


F = TypeVar("F", bound=Callable[..., Any])


def permission_required(permission: Permission) -> Callable[[F], F]:
    """Login required, then 403 unless the user's role grants `permission`."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not has_permission(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
