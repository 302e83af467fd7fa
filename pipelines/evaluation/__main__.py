"""`python -m pipelines.evaluation`: every quality benchmark, one after the other."""

import sys
from pathlib import Path

from pipelines.settings import PROJECT_ROOT


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_ROOT.parent / "shared"
    from pipelines.evaluation import entities, quantities

    print("== numeric facts ==")
    quantities.run(shared)
    print("\n== entities (Wikinews / GUM) ==")
    entities.run(shared)
    print("\n== entities (blind news set, CoNLL labels) ==")
    entities.run_blind()
    from pipelines.evaluation import dates, places

    print("\n== places ==")
    places.run(shared)
    print("\n== dates ==")
    dates.run(shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
