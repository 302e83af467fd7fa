import pytest

from pipelines.nlp.model import load_nlp
from pipelines.settings import Settings


def test_a_missing_model_names_the_setting_and_the_fix():
    with pytest.raises(RuntimeError, match="NEWSFACTS_SPACY_MODEL"):
        load_nlp("no_such_model_xyz")


def test_the_project_components_are_added_once(nlp):
    assert nlp.pipe_names.count("newsfacts_line_sentences") == 1
    assert nlp.pipe_names.index("newsfacts_line_sentences") < nlp.pipe_names.index("parser")
    # one load per process: asking again returns the same pipeline
    assert load_nlp(Settings().spacy_model) is nlp
