"""The reviewer's rating form: one 0-100 field per dimension and a comment."""

from __future__ import annotations

from typing import Any

from django import forms

from analysis_app.engine.scoring import DIMENSIONS


class ReviewForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension in DIMENSIONS:
            self.fields[dimension] = forms.IntegerField(
                min_value=0, max_value=100, required=False,
                label=dimension.replace("_", " ").capitalize(),
                widget=forms.NumberInput(attrs={"step": 1, "style": "width: 5em"}),
            )
        self.order_fields([*DIMENSIONS, "comment"])

    def ratings(self) -> dict[str, int | None]:
        return {dimension: self.cleaned_data.get(dimension) for dimension in DIMENSIONS}
