from django.contrib import admin

from analysis_app.models import StageRun


@admin.register(StageRun)
class StageRunAdmin(admin.ModelAdmin):
    list_display = ("answer", "stage", "status", "attempt", "started_at", "finished_at")
    list_filter = ("stage", "status")
    search_fields = ("answer__id",)
    readonly_fields = ("queued_at", "started_at", "finished_at")
