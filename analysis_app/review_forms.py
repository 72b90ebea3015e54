"""The reviewer's rating form: one 0-100 field per dimension and a comment."""

from __future__ import annotations

from typing import Any

from django import forms

from analysis_app.engine.scoring import DIMENSIONS
from analysis_app.engine.scoring.labels import dimension_label


class ReviewForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension in DIMENSIONS:
            self.fields[dimension] = forms.IntegerField(
                min_value=0, max_value=100, required=False,
                label=dimension_label(dimension),
                widget=forms.NumberInput(attrs={"step": 1, "class": "rating-input"}),
            )
        self.order_fields([*DIMENSIONS, "comment"])

    def ratings(self) -> dict[str, int | None]:
        return {dimension: self.cleaned_data.get(dimension) for dimension in DIMENSIONS}


class OwnReviewForm(forms.ModelForm):
    """The admin's form for one rating or comment, always the logged-in reviewer's own.

    `reviewer` is not a field, so it cannot be posted: the admin binds the form class to the
    request's user (`for_reviewer`) and the service saves the row under that user. Because
    the field is left out, the model's "one per reviewer" constraint is not checked by the
    ModelForm; `clean` checks it, so a duplicate is a form error instead of a database error.
    """

    reviewer: Any = None

    @classmethod
    def for_reviewer(cls, reviewer: Any) -> type[OwnReviewForm]:
        return type(cls.__name__, (cls,), {"reviewer": reviewer})

    def unique_fields(self) -> dict[str, Any]:
        """The other fields of the model's one-per-reviewer constraint, as this form has them."""
        raise NotImplementedError

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        fields = self.unique_fields()
        if self.reviewer is not None and all(value is not None for value in fields.values()):
            others = type(self.instance).objects.filter(reviewer=self.reviewer, **fields)
            if others.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    "You have already reviewed this; change that review instead.",
                    code="duplicate_review")
        return cleaned

    def _value(self, name: str) -> Any:
        if name in self.cleaned_data:
            return self.cleaned_data[name]
        return getattr(self.instance, f"{name}_id" if name == "answer" else name, None)


class OwnRatingForm(OwnReviewForm):
    def unique_fields(self) -> dict[str, Any]:
        return {"answer": self._value("answer"), "dimension": self._value("dimension")}


class OwnCommentForm(OwnReviewForm):
    def unique_fields(self) -> dict[str, Any]:
        return {"answer": self._value("answer")}
