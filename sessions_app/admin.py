from django.contrib import admin

from sessions_app.models import Answer, InterviewSession, Question


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
