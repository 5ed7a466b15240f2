"""Where the app keeps its files and finds its sample data."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir("diklat", appauthor=False))


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def sample_data_dir() -> Path:
    """``sample_data/`` of the source checkout (the README installs it editable)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "sample_data"
        if candidate.is_dir() and any(candidate.glob("*.json")):
            return candidate
    return here.parent / "sample_data"
