"""`make bench`: the pipeline's speed against spaCy alone, on the same texts.

Prints, for one corpus (``BENCH_ARTICLES``, or the seed articles repeated to ``BENCH_SIZE``
files, 2,000 by default): bare spaCy (same model, same process count, nlp.pipe only), the
full pipeline from folder to published warehouse (every asset and check), their ratio
(``BENCH_ROUNDS=3``: three rounds of both, the best of each),
articles and words per second, peak resident memory of the run's process tree, and the
time of a re-run with no changes and of a run after 1% of the articles changed.
A benchmark, not a test: it prints figures and never fails on a timing.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from pipelines.ingest import load_articles
from pipelines.settings import PROJECT_ROOT, Settings

DEFAULT_SIZE = 2000
# Reading a process's PSS walks its page tables: sampled four times a second it took about
# a tenth off the pipeline's speed on two cores. Once a second keeps both measurements fair
# (the baseline is sampled the same way) and still sees the peak, which is a long plateau.
SAMPLE_SECONDS = 1.0


def build_corpus(target: Path, size: int) -> Path:
    """Repeat the seed articles to ``size`` files; each copy gets a line of its own so
    every file has a distinct text (duplicates would skip the model)."""
    seeds = sorted(p for p in (PROJECT_ROOT / "seeds").rglob("*.txt") if "LICENSE" not in p.name)
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.txt"):
        old.unlink()
    for index in range(size):
        seed = seeds[index % len(seeds)]
        text = seed.read_text(encoding="utf-8")
        text += f"\n\nThis is copy {index} of the article, filed by desk {index % 97}.\n"
        (target / f"{index:05d}-{seed.name}").write_text(text, encoding="utf-8")
    return target


class PeakMemory:
    """The peak PSS of a process tree, sampled on a thread while the ``with`` block runs, so
    the measured run is timed to its end, not to the next sample."""

    def __init__(self, root: psutil.Process):
        self.root = root
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, tree_memory(self.root))
            if self._stop.wait(SAMPLE_SECONDS):
                return

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


def corpus_texts(corpus: Path) -> list[str]:
    """The bodies the model reads: every article of the corpus but exact duplicates."""
    articles, _ = load_articles(corpus)
    return articles.filter(articles["duplicate_of"].is_null())["body"].to_list()


def bare_spacy(corpus: Path) -> tuple[float, int]:
    """Seconds and peak memory of the same model through nlp.pipe alone. It runs in a process
    of its own, sampled from outside as the pipeline is: a sampling thread inside would take
    the GIL from the loop that feeds nlp.pipe's workers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines.bench", "--bare-spacy", str(corpus)],
        stdout=subprocess.PIPE,
        text=True,
    )
    with PeakMemory(psutil.Process(process.pid)) as memory:
        output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"the bare spaCy run failed (exit {process.returncode})")
    return float(output.split()[-1]), memory.peak


def time_bare_spacy(corpus: Path) -> float:
    """In the bare spaCy process: the model loaded, then nlp.pipe timed over the texts."""
    import spacy

    settings = Settings()
    texts = corpus_texts(corpus)
    nlp = spacy.load(settings.spacy_model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=settings.processes):
        pass
    return time.perf_counter() - started


def tree_memory(root: psutil.Process) -> int:
    """Proportional set size of a process and its children: shared pages (a forked worker's
    model) are counted once, not once per process as summed RSS would."""
    total, processes = 0, [root]
    with contextlib.suppress(psutil.Error):  # the run may end between two calls
        processes += root.children(recursive=True)
    for process in processes:
        with contextlib.suppress(psutil.Error):
            total += process.memory_full_info().pss
    return total


def timed_run(env: dict[str, str]) -> tuple[float, int, int]:
    """Seconds, peak memory (bytes) of the process tree, exit code of one make-run."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines.run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with PeakMemory(psutil.Process(process.pid)) as memory:
        code = process.wait()
        seconds = time.perf_counter() - started
    return seconds, memory.peak, code


def touch_fraction(corpus: Path, fraction: float) -> int:
    files = sorted(corpus.glob("*.txt"))
    step = max(1, round(1 / fraction))
    changed = files[::step]
    for path in changed:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nUpdated at {time.time_ns()} with 12 more details.\n")
    return len(changed)


def main() -> int:
    # the measured runs' warehouses and Dagster state, removed afterwards
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as work:
        return measure(Path(work))


def run_env(work: Path, corpus: Path) -> dict[str, str]:
    """The environment of a pipeline run into a warehouse and Dagster home of its own."""
    (work / "dagster_home").mkdir(parents=True)
    (work / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    return {
        **os.environ,
        "NEWSFACTS_ARTICLES_DIR": str(corpus),
        "NEWSFACTS_WAREHOUSE": str(work / "warehouse" / "bench.duckdb"),
        "DAGSTER_HOME": str(work / "dagster_home"),
    }


def measure(work: Path) -> int:
    settings = Settings()
    given = os.environ.get("BENCH_ARTICLES")
    size = int(os.environ.get("BENCH_SIZE", DEFAULT_SIZE))
    rounds = max(1, int(os.environ.get("BENCH_ROUNDS", 1)))
    corpus = Path(given) if given else build_corpus(PROJECT_ROOT / ".bench" / "corpus", size)
    texts = corpus_texts(corpus)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {corpus} — {len(texts)} articles, {words:,} words")
    print(
        f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
        f"model {settings.spacy_model}, {settings.processes} processes, batch {settings.batch_size}"
    )

    # Rounds of (bare spaCy, full pipeline) back to back: on a shared machine whose speed
    # drifts, each round's two runs see about the same machine, and the best of each is kept.
    baselines, fulls, peaks, baseline_peaks, codes = [], [], [], [], []
    for number in range(1, rounds + 1):
        baseline, baseline_peak = bare_spacy(corpus)
        env = run_env(work / f"round-{number}", corpus)
        full, peak, code = timed_run(env)
        if rounds > 1:
            print(
                f"round {number}: bare spaCy {baseline:.1f} s, full pipeline {full:.1f} s "
                f"(exit {code}), {baseline / full:.2f} x"
            )
        baselines.append(baseline)
        fulls.append(full)
        peaks.append(peak)
        baseline_peaks.append(baseline_peak)
        codes.append(code)
    baseline, full = min(baselines), min(fulls)
    best = " (best of each)" if rounds > 1 else ""
    print(
        f"bare spaCy nlp.pipe:   {baseline:8.1f} s  {len(texts) / baseline:7.1f} articles/s  "
        f"{words / baseline:9.0f} words/s  peak {max(baseline_peaks) / 2**20:.0f} MiB"
    )
    print(
        f"full pipeline:         {full:8.1f} s  {len(texts) / full:7.1f} articles/s  "
        f"{words / full:9.0f} words/s  (exit {max(codes, key=abs)})"
    )
    print(f"pipeline / baseline:   {baseline / full:8.2f} x the bare spaCy throughput{best}")
    print(f"peak memory:           {max(peaks) / 2**20:8.0f} MiB (PSS of the run's process tree)")
    # The re-runs use the last round's warehouse and compare with that round's full run.
    last = fulls[-1]
    again, _, code = timed_run(env)
    print(
        f"re-run, no changes:    {again:8.1f} s  "
        f"({100 * again / last:.1f}% of the full run, exit {code})"
    )
    if given:
        print("1% changed run:        skipped (BENCH_ARTICLES is not modified)")
    else:
        changed = touch_fraction(corpus, 0.01)
        partial, _, code = timed_run(env)
        print(
            f"run after {changed} edits:  {partial:8.1f} s  "
            f"({100 * partial / last:.1f}% of the full run, exit {code})"
        )
    return 0


# Sizes of the single records whose peak memory BENCH_SINGLE_RECORDS=1 measures.
SINGLE_RECORD_MB = (1, 5, 19)


class PeakMemories(PeakMemory):
    """PeakMemory that also keeps the peak of the largest single process of the tree."""

    largest = 0

    def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, tree_memory(self.root))
            with contextlib.suppress(psutil.Error):
                processes = [self.root, *self.root.children(recursive=True)]
                self.largest = max(self.largest, *(p.memory_info().rss for p in processes))
            if self._stop.wait(SAMPLE_SECONDS):
                return


def single_record_corpus(target: Path, megabytes: int) -> Path:
    """One JSONL record of ``megabytes`` MB of news text without a paragraph break: the seed
    articles with their line breaks made spaces, repeated."""
    import json

    seeds = sorted(p for p in (PROJECT_ROOT / "seeds").rglob("*.txt") if "LICENSE" not in p.name)
    text = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in seeds) + " "
    size = megabytes * 10**6  # characters; the line stays under the 20 MiB limit
    body = (text * (size // len(text) + 1))[:size]
    record = {"title": f"One {megabytes} MB record", "text": body}
    target.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    (target / "record.jsonl").write_text(line, encoding="utf-8")
    return target


def measure_single_records(work: Path) -> int:
    """Peak memory of a full run over one record of 1, 5 and 19 MB (README, reliability)."""
    for megabytes in SINGLE_RECORD_MB:
        corpus = single_record_corpus(work / f"corpus-{megabytes}", megabytes)
        process_env = run_env(work / f"single-{megabytes}", corpus)
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.run"],
            env=process_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with PeakMemories(psutil.Process(process.pid)) as memory:
            code = process.wait()
        print(
            f"one {megabytes:2d} MB record:      {time.perf_counter() - started:8.1f} s  "
            f"peak {memory.peak / 2**20:6.0f} MiB (PSS of the tree), largest process "
            f"{memory.largest / 2**20:6.0f} MiB (RSS), exit {code}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    if os.environ.get("BENCH_SINGLE_RECORDS") == "1":
        with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as work:
            sys.exit(measure_single_records(Path(work)))
    if sys.argv[1:2] == ["--bare-spacy"]:
        print(f"{time_bare_spacy(Path(sys.argv[2])):.3f}")
        sys.exit(0)
    sys.exit(main())
