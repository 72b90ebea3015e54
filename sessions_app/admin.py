from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from sessions_app.models import (
    Answer,
    ApiToken,
    BankQuestion,
    InterviewSession,
    Question,
    Resume,
)
from sessions_app.services_privacy import user_data_delete


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("order", "category", "text")


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("order", "question", "upload_state", "analysis_status")
    readonly_fields = fields
    show_change_link = True


@admin.register(InterviewSession)
class InterviewSessionAdmin(admin.ModelAdmin):
    list_display = ("id", "owner", "target_role", "difficulty", "status", "created_at")
    list_filter = ("status", "difficulty")
    search_fields = ("target_role", "owner__username", "owner__email")
    readonly_fields = ("id", "created_at", "updated_at")
    inlines = [QuestionInline, AnswerInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("id", "session", "order", "category", "text")
    list_filter = ("category",)
    search_fields = ("text",)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("id", "session", "order", "upload_state", "analysis_status", "created_at")
    list_filter = ("upload_state", "analysis_status")
    search_fields = ("id", "session__owner__username")
    readonly_fields = ("id", "created_at", "updated_at", "media_info", "upload_offset")


@admin.register(BankQuestion)
class BankQuestionAdmin(admin.ModelAdmin):
    """Staff curate the bank here; `clean()` refuses entries the generator could not use."""

    list_display = ("key", "role", "difficulty", "category", "active", "text")
    list_filter = ("role", "difficulty", "category", "active")
    list_editable = ("active",)
    search_fields = ("key", "text")
    readonly_fields = ("created_at", "updated_at")


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = ("original_name", "owner", "source_format", "size", "created_at")
    search_fields = ("original_name", "owner__username")
    readonly_fields = ("id", "size", "source_format", "text", "parsed", "created_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see and revoke (delete) API tokens; nobody sees a key, and tokens are made through
    the API, which shows the key once."""

    list_display = ("name", "user", "created", "expiry", "last_used_at")
    list_select_related = ("user",)
    search_fields = ("name", "user__username")
    fields = ("id", "name", "user", "created", "expiry", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class AccountAdmin(UserAdmin):
    """Deleting an account here (an operator acting on a person's erasure request) removes
    every byte of it, as `DELETE /api/auth/me/` does: files, log-ins and traces, not only the
    rows that cascade."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        user_data_delete(user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for user in queryset:
            user_data_delete(user=user)


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
