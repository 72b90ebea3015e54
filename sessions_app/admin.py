from django.contrib import admin

from sessions_app.models import Answer, BankQuestion, InterviewSession, Question, Resume


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
