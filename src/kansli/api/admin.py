"""Integrations in the admin: to look at, not to make. Tokens are made, rotated and
revoked with ``kansli integration`` (docs/api.md), which shows a token once."""

from django.contrib import admin

from .models import Integration


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    list_display = ["name", "token_prefix", "scopes", "is_active", "last_used_at", "created_at"]
    list_filter = ["is_active"]
    fields = readonly_fields = ["name", "user", "scopes", "is_active", "token_prefix",
                                "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
