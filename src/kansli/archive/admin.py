"""Retention rules are kept in the Django admin, beside the organisation's register: they
are the information management plan's configuration, not registered facts. Disposal
decisions and stubs are shown there, never changed (they are made by
``retention.do_dispose`` only)."""

from django.contrib import admin

from .models import Disposal, DisposalDecision, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ("classification", "keep_forever", "years", "reference")
    list_select_related = ("classification",)
    search_fields = ("classification__code", "classification__title", "reference")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DisposalDecision)
class DisposalDecisionAdmin(ReadOnly):
    list_display = ("reference", "decided_on", "decided_by", "rule", "recorded_at")


@admin.register(Disposal)
class DisposalAdmin(ReadOnly):
    list_display = ("diary_number", "title", "closed_at", "disposed_at", "decision")
    search_fields = ("diary_number", "title")
