"""The pure analysis core: media in, typed results out. No Django imports (import-linter checks)."""
