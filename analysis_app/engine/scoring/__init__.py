"""Scoring that deserves trust: ten explained dimension scores, an overall and feedback.

``score_features`` is the one entry point the workers and the CLI call. scikit-learn, shap,
scipy and joblib are imported inside the functions that train, load or explain a learned
model, so importing this package (and scoring with the rubric) stays light.
"""

from analysis_app.engine.scoring.explanations import (
    Contribution,
    DimensionModel,
    DimensionScore,
    ModelExplanation,
)
from analysis_app.engine.scoring.feedback import Feedback
from analysis_app.engine.scoring.feedback_llm import rephrase_feedback
from analysis_app.engine.scoring.learned import LearnedModel, ModelCompatibilityError
from analysis_app.engine.scoring.result import ScoreRecord, ScoreResult
from analysis_app.engine.scoring.rubric import (
    DIMENSIONS,
    OVERALL,
    RUBRIC_VERSION,
    rubric_table,
)
from analysis_app.engine.scoring.scorer import score_features
from analysis_app.engine.scoring.session import SessionReport, session_report
from analysis_app.engine.scoring.training import (
    ReviewedAnswer,
    TrainingConfig,
    TrainingReport,
    train_scoring_models,
)

__all__ = [
    "DIMENSIONS",
    "OVERALL",
    "RUBRIC_VERSION",
    "Contribution",
    "DimensionModel",
    "DimensionScore",
    "Feedback",
    "LearnedModel",
    "ModelCompatibilityError",
    "ModelExplanation",
    "ReviewedAnswer",
    "ScoreRecord",
    "ScoreResult",
    "SessionReport",
    "TrainingConfig",
    "TrainingReport",
    "rephrase_feedback",
    "rubric_table",
    "score_features",
    "session_report",
    "train_scoring_models",
]
