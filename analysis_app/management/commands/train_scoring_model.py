"""Train the learned scorers on coaches' ratings and activate those that beat the rubric.

Every number printed is cross-validated (out-of-fold, folds grouped by candidate); in-sample
fit is never reported. Before training, active models trained under another rubric or engine
version are deactivated (the scorer already ignores them): after a version bump, running this
command is the one step that leaves the table truthful and trains their replacements.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analysis_app.engine.scoring import DIMENSIONS, TrainingConfig
from analysis_app.engine.typed_json import dump
from analysis_app.services_review import scoring_models_deactivate_stale, scoring_models_train


class Command(BaseCommand):
    help = "Train per-dimension scoring models on reviewer ratings (k-fold CV vs the rubric)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folds", type=int, default=5, help="k of the k-fold CV")
        parser.add_argument("--min-samples", type=int, default=30,
                            help="fewest rated answers a dimension needs to train")
        parser.add_argument("--dimension", action="append", choices=DIMENSIONS,
                            help="train only this dimension (repeatable)")
        parser.add_argument("--dry-run", action="store_true",
                            help="report the CV metrics without storing or activating models")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["folds"] < 2:
            raise CommandError("--folds must be at least 2")
        config = TrainingConfig(folds=options["folds"], min_samples=options["min_samples"])
        if not options["dry_run"]:
            for version in scoring_models_deactivate_stale():
                self.stdout.write(f"deactivated {version}: trained under another rubric or "
                                  "engine version")
        report = scoring_models_train(
            config=config, dimensions=options["dimension"] or DIMENSIONS,
            dry_run=options["dry_run"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(dump(report.record()), indent=2))
        else:
            self.stdout.write(report.to_text())
        for name, result in report.results.items():
            if result.model is None and 0 < result.n_candidates < config.min_candidates:
                self.stdout.write(f"\n{name}: too few candidates ({result.n_candidates}) for "
                                  f"cross-validation grouped by candidate (at least "
                                  f"{config.min_candidates}); nothing trained or activated")
        activated = [name for name, result in report.results.items() if result.activate]
        verb = "would activate" if options["dry_run"] else "activated"
        self.stdout.write(f"\n{verb}: {', '.join(activated) if activated else 'none'}")
