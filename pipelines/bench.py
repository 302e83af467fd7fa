"""`make bench`: the pipeline's speed against spaCy alone, on the same texts.

The corpus is ``BENCH_ARTICLES`` (a folder of real articles) or ``BENCH_SIZE`` generated
articles (2,000 by default; `pipelines/bench_corpus.py`: sentences sampled from the
repository's texts, none repeated within an article, 300 to 800 words, seed ``BENCH_SEED``).
``BENCH_ROUNDS`` rounds (3 by default) interleave bare spaCy's default pipeline (same model,
same process count, nlp.pipe only), two references (bare spaCy without attribute_ruler and
lemmatizer; bare spaCy's default pipeline multiplying through numpy's BLAS, as the pipeline
does, pipelines/nlp/blas.py) and the full pipeline from folder to published warehouse
(every asset and check), so each round's runs see about the same machine; each round's
ratio and the median are printed, with articles and words per second and peak memory of
the run's process tree.
Then: a re-run with no changes, a run after 1% of the articles changed, and the warehouse's
file sizes after the fresh load and after every article was loaded again.
``BENCH_BASELINES=0`` skips the bare spaCy runs and ``BENCH_RERUNS=0`` the re-runs, e.g. to
measure the pipeline's peak memory alone on a large corpus.
A benchmark, not a test: it prints figures and never fails on a timing.
"""

import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from pipelines.bench_corpus import DEFAULT_SEED, build_corpus
from pipelines.defs.instance import write_instance_yaml
from pipelines.ingest import load_articles
from pipelines.settings import PROJECT_ROOT, Settings

DEFAULT_SIZE = 2000
DEFAULT_ROUNDS = 3
# The reference run: spaCy without the two components this project replaces by a lookup.
LEAN_EXCLUDE = ("attribute_ruler", "lemmatizer")
# Reading a process's PSS walks its page tables: sampled four times a second it took about
# a tenth off the pipeline's speed on two cores. Once a second keeps both measurements fair
# (the baseline is sampled the same way) and still sees the peak, which is a long plateau.
SAMPLE_SECONDS = 1.0
# CPU seconds of the last timed_run's process tree, and the peak RSS of its largest process.
LAST_RUN_CPU = 0.0
LAST_RUN_LARGEST = 0


class PeakMemory:
    """The peak PSS of a process tree, and the peak RSS of its largest single process, sampled
    on a thread while the ``with`` block runs, so the measured run is timed to its end, not to
    the next sample."""

    def __init__(self, root: psutil.Process):
        self.root = root
        self.peak = 0
        self.largest = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            total, largest = tree_memory(self.root)
            self.peak = max(self.peak, total)
            self.largest = max(self.largest, largest)
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


def bare_spacy(
    corpus: Path, exclude: tuple[str, ...] = (), blas: str = "blis"
) -> tuple[float, int]:
    """Seconds and peak memory of the same model through nlp.pipe alone (without the
    ``exclude`` components; ``blas`` "numpy": its layers built as the pipeline builds them).
    It runs in a process of its own, sampled from outside as the pipeline is: a sampling
    thread inside would take the GIL from the loop that feeds nlp.pipe's workers."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipelines.bench",
            "--bare-spacy",
            str(corpus),
            ",".join(exclude),
            blas,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    with PeakMemory(psutil.Process(process.pid)) as memory:
        output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"the bare spaCy run failed (exit {process.returncode})")
    return float(output.split()[-1]), memory.peak


def time_bare_spacy(corpus: Path, exclude: list[str], blas: str) -> float:
    """In the bare spaCy process: the model loaded, then nlp.pipe timed over the texts."""
    import spacy

    from pipelines.nlp.blas import model_ops

    settings = Settings()
    texts = corpus_texts(corpus)
    if blas == "blis":  # spaCy as installed, nothing set
        nlp = spacy.load(settings.spacy_model, exclude=exclude)
    else:
        with model_ops(blas):
            nlp = spacy.load(settings.spacy_model, exclude=exclude)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=settings.processes):
        pass
    return time.perf_counter() - started


def tree_memory(root: psutil.Process) -> tuple[int, int]:
    """Proportional set size of a process and its children (shared pages, a forked worker's
    model, are counted once, not once per process as summed RSS would), and the resident size
    of the largest of them."""
    total, largest, processes = 0, 0, [root]
    with contextlib.suppress(psutil.Error):  # the run may end between two calls
        processes += root.children(recursive=True)
    for process in processes:
        with contextlib.suppress(psutil.Error):
            memory = process.memory_full_info()
            total += memory.pss
            largest = max(largest, memory.rss)
    return total, largest


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process and their waited-for
    descendants: a run's workers and helper included, fair on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(env: dict[str, str]) -> tuple[float, int, int]:
    """Seconds, peak memory (bytes) of the process tree, exit code of one make-run. Its CPU
    seconds are kept in ``LAST_RUN_CPU``, its largest process's peak in ``LAST_RUN_LARGEST``."""
    global LAST_RUN_CPU, LAST_RUN_LARGEST
    cpu_before = children_cpu()
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
    LAST_RUN_CPU = children_cpu() - cpu_before
    LAST_RUN_LARGEST = memory.largest
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
    write_instance_yaml(work / "dagster_home")
    return {
        **os.environ,
        "NEWSFACTS_ARTICLES_DIR": str(corpus),
        "NEWSFACTS_WAREHOUSE": str(work / "warehouse" / "bench.duckdb"),
        "DAGSTER_HOME": str(work / "dagster_home"),
    }


@dataclass
class Round:
    """One round's runs over the same corpus: seconds, peaks (bytes), the pipeline's exit."""

    bare: float
    lean: float
    same_blas: float
    full: float
    bare_peak: int
    full_peak: int
    code: int

    @property
    def ratio(self) -> float:
        return self.bare / self.full

    @property
    def lean_ratio(self) -> float:
        return self.lean / self.full

    @property
    def same_blas_ratio(self) -> float:
        return self.same_blas / self.full


def run_round(env: dict[str, str], corpus: Path, baselines: bool = True) -> Round:
    """Bare spaCy, bare spaCy without the replaced components, bare spaCy on numpy's BLAS,
    then the full pipeline (the pipeline alone without ``baselines``: their times are NaN)."""
    nothing = (float("nan"), 0)
    bare, bare_peak = bare_spacy(corpus) if baselines else nothing
    lean, _ = bare_spacy(corpus, LEAN_EXCLUDE) if baselines else nothing
    same_blas, _ = bare_spacy(corpus, blas="numpy") if baselines else nothing
    full, full_peak, code = timed_run(env)
    return Round(bare, lean, same_blas, full, bare_peak, full_peak, code)


def print_rounds(rounds: list[Round]) -> None:
    """One line per round and the medians: the ratio is bare spaCy's time over the pipeline's
    (above 1: the pipeline, doing all its work, is faster than the model alone)."""
    print(
        f"{'round':>6} {'bare spaCy':>11} {'bare, lean':>11} {'bare, numpy':>12} {'pipeline':>9} "
        f"{'ratio':>7}  lean numpy"
    )
    for number, r in enumerate(rounds, 1):
        print(
            f"{number:>6} {r.bare:>9.1f} s {r.lean:>9.1f} s {r.same_blas:>10.1f} s "
            f"{r.full:>7.1f} s {r.ratio:>6.2f}x {r.lean_ratio:>5.2f}x {r.same_blas_ratio:>5.2f}x"
            f"  (exit {r.code})"
        )
    median = statistics.median
    print(
        f"{'median':>6} {median(r.bare for r in rounds):>9.1f} s "
        f"{median(r.lean for r in rounds):>9.1f} s {median(r.same_blas for r in rounds):>10.1f} s "
        f"{median(r.full for r in rounds):>7.1f} s {median(r.ratio for r in rounds):>6.2f}x "
        f"{median(r.lean_ratio for r in rounds):>5.2f}x "
        f"{median(r.same_blas_ratio for r in rounds):>5.2f}x"
    )
    print(
        "(bare, lean: spaCy without attribute_ruler and lemmatizer; bare, numpy: spaCy's default "
        "pipeline on numpy's BLAS, as the pipeline runs it; lean, numpy: their ratios)"
    )


def print_summary(rounds: list[Round], articles: int, words: int) -> None:
    bare = statistics.median(r.bare for r in rounds)
    full = statistics.median(r.full for r in rounds)
    ratios = sorted(r.ratio for r in rounds)
    print(
        f"bare spaCy nlp.pipe:   {bare:8.1f} s  {articles / bare:7.1f} articles/s  "
        f"{words / bare:9.0f} words/s  peak {max(r.bare_peak for r in rounds) / 2**20:.0f} MiB"
    )
    print(
        f"full pipeline:         {full:8.1f} s  {articles / full:7.1f} articles/s  "
        f"{words / full:9.0f} words/s  (exit {max((r.code for r in rounds), key=abs)})"
    )
    print(
        f"pipeline / baseline:   {statistics.median(ratios):8.2f} x the bare spaCy throughput "
        f"(median of {len(rounds)} round(s), spread {ratios[0]:.2f} to {ratios[-1]:.2f})"
    )
    print(
        f"peak memory:           {max(r.full_peak for r in rounds) / 2**20:8.0f} MiB "
        "(PSS of the run's process tree)"
    )


def warehouse_sizes(env: dict[str, str]) -> tuple[int, int]:
    """Bytes of the serving copy and of the work database of a run's warehouse."""
    serving = Path(env["NEWSFACTS_WAREHOUSE"])
    work = serving.with_name(serving.stem + ".work.duckdb")
    return serving.stat().st_size, work.stat().st_size


def reload_everything(env: dict[str, str], work: Path, corpus: Path | None) -> tuple[float, int]:
    """Load every article again: a generated ``corpus`` has every file edited (each load
    then replaces all rows in one transaction, the re-load that frees the most blocks); a
    given folder, left unmodified, is emptied by a run over an empty folder that deletes
    removed articles, then loaded again. Returns the seconds and exit code of the re-load."""
    if corpus is not None:
        touch_fraction(corpus, 1.0)
    else:
        empty = work / "empty"
        empty.mkdir()
        emptied = {**env, "NEWSFACTS_ARTICLES_DIR": str(empty), "NEWSFACTS_ON_REMOVED": "delete"}
        _, _, code = timed_run(emptied)
        if code:
            return 0.0, code
    seconds, _, code = timed_run(env)
    return seconds, code


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def measure(work: Path) -> int:
    settings = Settings()
    given = os.environ.get("BENCH_ARTICLES")
    size = int(os.environ.get("BENCH_SIZE", DEFAULT_SIZE))
    seed = int(os.environ.get("BENCH_SEED", DEFAULT_SEED))
    count = max(1, int(os.environ.get("BENCH_ROUNDS", DEFAULT_ROUNDS)))
    baselines = os.environ.get("BENCH_BASELINES", "1") != "0"
    reruns = os.environ.get("BENCH_RERUNS", "1") != "0"
    # a folder per size and seed, so that two benches of different sizes never share one
    generated = PROJECT_ROOT / ".bench" / f"corpus-{size}-{seed}"
    corpus = Path(given) if given else build_corpus(generated, size, seed)
    texts = corpus_texts(corpus)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {corpus} — {len(texts)} articles, {words:,} words")
    print(
        f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
        f"model {settings.spacy_model}, {settings.processes} processes, batch {settings.batch_size}"
        f", BLAS {settings.blas}"
    )

    # Rounds interleave bare spaCy and the pipeline: on a shared machine whose speed drifts,
    # each round's runs see about the same machine, and the median ratio is the figure.
    rounds = []
    for number in range(1, count + 1):
        env = run_env(work / f"round-{number}", corpus)
        rounds.append(run_round(env, corpus, baselines))
        r = rounds[-1]
        print(
            f"round {number}: bare {r.bare:.1f} s, lean {r.lean:.1f} s, bare on numpy's BLAS "
            f"{r.same_blas:.1f} s, pipeline {r.full:.1f} s "
            f"({LAST_RUN_CPU:.1f} CPU s), peak {r.full_peak / 2**20:.0f} MiB",
            flush=True,
        )
    print()
    print_rounds(rounds)
    print()
    print_summary(rounds, len(texts), words)
    if not reruns:
        return 0
    fresh_serving, fresh_work = warehouse_sizes(env)

    # The re-runs use the last round's warehouse and compare with that round's full run.
    last = rounds[-1].full
    again, _, code = timed_run(env)
    print(
        f"re-run, no changes:    {again:8.1f} s  "
        f"({100 * again / last:.1f}% of the full run, {LAST_RUN_CPU:.1f} CPU s, exit {code})"
    )
    if given:
        print("1% changed run:        skipped (BENCH_ARTICLES is not modified)")
    else:
        changed = touch_fraction(corpus, 0.01)
        partial, _, code = timed_run(env)
        label = f"run after {changed} edits:"
        share = 100 * partial / last
        print(f"{label:<23}{partial:8.1f} s  ({share:.1f}% of the full run, exit {code})")
    reload_seconds, code = reload_everything(env, work, None if given else corpus)
    serving, work_size = warehouse_sizes(env)
    print(f"re-load of everything: {reload_seconds:8.1f} s  (exit {code})")
    print(f"warehouse, fresh load: {mib(fresh_serving):>10} serving, {mib(fresh_work)} work")
    print(
        f"warehouse, re-loaded:  {mib(serving):>10} serving "
        f"({100 * (serving / fresh_serving - 1):+.1f}% on the fresh load), {mib(work_size)} work"
    )
    if os.environ.get("BENCH_LAKE", "1") != "0":
        print()
        measure_lake(work / "lake", corpus, rounds[-1].full)
    return 0


def measure_lake(work: Path, corpus: Path, file_seconds: float | None) -> None:
    """Lake mode on a PostgreSQL cluster of its own (started here, stopped afterwards): one
    run, a no-change run, two concurrent shard runs where the pipeline has shards, and the
    catalog and Parquet bytes per article."""
    from pipelines.warehouse import postgres

    cluster = Path(tempfile.mkdtemp(prefix="newsfacts-bench-pg-"))  # the postgres user's
    articles = len(corpus_texts(corpus))
    try:
        port = _free_port()
        postgres.start(cluster, port)
        empty = _catalog_bytes(port, postgres.create_database(port, "bench_empty"))
        one, catalog, data = _lake_env(work / "one", corpus, port, "bench_one")
        seconds, peak, code = timed_run(one)
        if file_seconds is not None:
            share = f"{100 * seconds / file_seconds:.0f}% of the file mode's {file_seconds:.1f} s"
        else:
            share = "file mode not run"
        print(f"lake, one run:         {seconds:8.1f} s  ({share}, peak {mib(peak)}, exit {code})")
        again, _, code = timed_run(one)
        print(f"lake, no changes:      {again:8.1f} s  (exit {code})")
        size = _catalog_bytes(port, catalog) - empty
        parquet = sum(p.stat().st_size for p in data.rglob("*.parquet"))
        print(
            f"lake size:             catalog {mib(size)} over an empty one, Parquet {mib(parquet)}"
            f" ({parquet / articles / 1024:.1f} KiB per article; catalog "
            f"{size / articles / 1024:.2f} KiB per article, {articles} articles)"
        )
        _concurrent_shards(work / "shards", corpus, port, articles)
    finally:
        postgres.remove(cluster)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lake_env(work: Path, corpus: Path, port: int, name: str) -> tuple[dict, str, Path]:
    from pipelines.warehouse import postgres

    catalog = postgres.create_database(port, name)
    data = work / "lake-data"
    env = {**run_env(work, corpus), "NEWSFACTS_LAKE": catalog, "NEWSFACTS_LAKE_DATA": str(data)}
    return env, catalog, data


def _catalog_bytes(port: int, catalog: str) -> int:
    from pipelines.warehouse import postgres

    database = catalog.split("dbname=")[1].split()[0]
    done = subprocess.run(
        [
            str(postgres.binary("psql")),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            database,
            "-tAc",
            "select pg_database_size(current_database())",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def _concurrent_shards(work: Path, corpus: Path, port: int, articles: int) -> None:
    """Shards 0/2 and 1/2 at once on one lake, then the plain run that finishes the
    corpus-wide tables; skipped where the pipeline has no NEWSFACTS_SHARD."""
    if not hasattr(Settings(), "shard"):
        print("lake, two shards:      skipped (this version has no NEWSFACTS_SHARD)")
        return
    env, _, _ = _lake_env(work, corpus, port, "bench_shards")
    started = time.perf_counter()
    shards = [
        subprocess.Popen(
            [sys.executable, "-m", "pipelines.run"],
            env={**env, "NEWSFACTS_SHARD": f"{i}/2", "NEWSFACTS_PROCESSES": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(2)
    ]
    codes = [shard.wait() for shard in shards]
    both = time.perf_counter() - started
    final, _, code = timed_run(env)
    print(
        f"lake, two shards:      {both:8.1f} s  at once (1 process each, exits {codes}), then "
        f"{final:.1f} s for the final plain run (exit {code}); "
        f"{articles / (both + final) * 3600:.0f} articles/hour on this machine"
    )


# Sizes of the single records whose peak memory BENCH_SINGLE_RECORDS=1 measures.
SINGLE_RECORD_MB = (1, 5, 19)


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
    """Peak memory of a full run over one record of 1, 5 and 19 MB (README, reliability);
    ``BENCH_SINGLE_RECORD_MB`` (e.g. "5,19") measures other sizes."""
    sizes = os.environ.get("BENCH_SINGLE_RECORD_MB", "").strip()
    for megabytes in [int(mb) for mb in sizes.split(",")] if sizes else SINGLE_RECORD_MB:
        corpus = single_record_corpus(work / f"corpus-{megabytes}", megabytes)
        seconds, peak, code = timed_run(run_env(work / f"single-{megabytes}", corpus))
        print(
            f"one {megabytes:2d} MB record:      {seconds:8.1f} s ({LAST_RUN_CPU:.0f} CPU s)  "
            f"peak {peak / 2**20:6.0f} MiB (PSS of the tree), largest process "
            f"{LAST_RUN_LARGEST / 2**20:6.0f} MiB (RSS), exit {code}",
            flush=True,
        )
    return 0


def measure_lake_only() -> int:
    """BENCH_ONLY_LAKE=1: one file-mode run and the lake figures, without the spaCy rounds."""
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as work:
        size = int(os.environ.get("BENCH_SIZE", DEFAULT_SIZE))
        seed = int(os.environ.get("BENCH_SEED", DEFAULT_SEED))
        given = os.environ.get("BENCH_ARTICLES")
        corpus = (
            Path(given) if given else build_corpus(PROJECT_ROOT / ".bench" / "corpus", size, seed)
        )
        env = run_env(Path(work) / "file", corpus)
        seconds, _, code = timed_run(env)
        print(f"file mode, one run:    {seconds:8.1f} s  (exit {code})")
        again, _, code = timed_run(env)
        print(f"file mode, no changes: {again:8.1f} s  (exit {code})")
        measure_lake(Path(work) / "lake", corpus, seconds)
    return 0


if __name__ == "__main__":
    if os.environ.get("BENCH_ONLY_LAKE") == "1":
        sys.exit(measure_lake_only())
    if os.environ.get("BENCH_SINGLE_RECORDS") == "1":
        with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as work:
            sys.exit(measure_single_records(Path(work)))
    if sys.argv[1:2] == ["--bare-spacy"]:
        exclude = [name for name in sys.argv[3].split(",") if name]
        print(f"{time_bare_spacy(Path(sys.argv[2]), exclude, sys.argv[4]):.3f}")
        sys.exit(0)
    sys.exit(main())
