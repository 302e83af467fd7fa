import os
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """The configured model with the project's rules, loaded once for the whole session."""
    from pipelines.nlp.model import load_nlp
    from pipelines.settings import Settings

    return load_nlp(Settings().spacy_model)
