"""Django settings to the engine's one config value, so every worker and the CLI agree."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from analysis_app.engine.config import EngineConfig


@lru_cache(maxsize=1)
def engine_config() -> EngineConfig:
    return EngineConfig.from_mapping(settings.ANALYSIS_ENGINE)
