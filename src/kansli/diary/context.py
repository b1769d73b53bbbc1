"""Template context for every page: what the menu offers depends on the user's roles."""

from django.utils.functional import SimpleLazyObject

from . import access


def roles(request):
    user = getattr(request, "user", None)
    # Lazy: roles are cached on the user, so the menu costs no query where a view
    # already checked them, and none at all on pages without the menu.
    return {"is_registrar": SimpleLazyObject(lambda: access.is_registrar(user))}
