"""Celery runtime: per-modality tasks, the pipeline canvas and per-process model loading."""
