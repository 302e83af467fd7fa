"""The model's layers multiply through numpy's OpenBLAS (NEWSFACTS_BLAS=numpy, the default)
rather than spaCy's default blis, whose wheel runs generic kernels on processors it does
not know: the same tags, arcs, lemmas, sentences and entities, from the same weights."""

import pytest
import spacy
import threadpoolctl

from pipelines.nlp.blas import model_ops
from pipelines.settings import PROJECT_ROOT, Settings

SEEDS = sorted(p for p in (PROJECT_ROOT / "seeds").rglob("*.txt") if "LICENSE" not in p.name)


def layers_use_blis(nlp) -> set[bool]:
    """Whether each layer of each component's model multiplies with blis; but the parser's
    and the recognizer's output layer, which spaCy always builds on its default CPU ops (it
    runs in the parse loop's C code, the same in both cases)."""
    used = set()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        upper = model.get_ref("upper") if model.has_ref("upper") else None
        used |= {layer.ops.use_blis for layer in model.walk() if layer is not upper}
    return used


def annotations(nlp, texts: list[str]) -> list[tuple]:
    return [
        (
            [t.tag_ for t in doc],
            [t.pos_ for t in doc],
            [t.head.i for t in doc],
            [t.dep_ for t in doc],
            [t.lemma_ for t in doc],
            [t.is_sent_start for t in doc],
            [(e.start, e.end, e.label_) for e in doc.ents],
        )
        for doc in nlp.pipe(texts, batch_size=8)
    ]


@pytest.fixture(scope="module")
def both_models():
    name = Settings().spacy_model
    with model_ops("blis"):
        blis = spacy.load(name)
    with model_ops("numpy"):
        numpy = spacy.load(name)
    return blis, numpy


def test_each_choice_builds_every_layer_with_its_library(both_models):
    blis, numpy = both_models
    assert layers_use_blis(blis) == {True}
    assert layers_use_blis(numpy) == {False}


def test_the_project_model_multiplies_through_numpy_with_one_thread(nlp):
    assert layers_use_blis(nlp) == {False}
    blas = threadpoolctl.threadpool_info()
    assert blas and all(pool["num_threads"] == 1 for pool in blas if pool["user_api"] == "blas")


def test_both_libraries_give_the_same_annotations_of_every_seed(both_models):
    blis, numpy = both_models
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    ours, theirs = annotations(numpy, texts), annotations(blis, texts)
    for path, mine, spacys in zip(SEEDS, ours, theirs, strict=True):
        assert mine == spacys, path.name


def test_an_unknown_library_names_the_variable():
    with pytest.raises(ValueError, match="NEWSFACTS_BLAS='mkl'"), model_ops("mkl"):
        pass
