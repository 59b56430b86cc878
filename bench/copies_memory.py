"""Peak memory of the copy check alone, in one process, at a batch size a whole run takes hours
to reach (issue 22, point 13: the main process must not grow with the batch).

    python bench/copies_memory.py 20000 100000

For each size: the fingerprints of --distinct bench reports (bench.make_corpus: the seeds with
a new jurisdiction name each) are made once, then handed to a copies.Batch under new source
names until the batch has N reports, as pipeline.iter_batch does with each report scanned;
then every report's copies are found (copies.find, as pass 2 asks for them) and dropped. It
prints the process's peak resident memory after the fingerprints are made (the floor: Python,
numpy, lawscore, the fingerprints) and at the end, each size in a fresh process. What grows
between them is what the copy check holds for the batch. Mind the corpus (bench/copies.py):
every report is a copy of every fifth one, the check's worst case.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import make_corpus  # noqa: E402

RUN = r"""
import dataclasses, resource, sys, tempfile, time
from pathlib import Path
from lawscore import copies, pipeline
n, corpus = int(sys.argv[1]), Path(sys.argv[2])
prints = [copies.fingerprint(pipeline.read_file(p, p.name, {}, None)) for p in sorted(corpus.glob("*.txt"))]
floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.process_time()
with tempfile.TemporaryDirectory(prefix="lawscore-copies-memory-") as folder:
    batch = copies.Batch(folder)
    for i in range(n):
        p = prints[i % len(prints)]
        batch.add(dataclasses.replace(p, source=f"{i:06d}-{p.source}", page=f"{p.page}{i // len(prints)}"))
    copied = sum(len(found.copied) for found in copies.find(batch))
print(floor, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, copied, time.process_time() - start)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="+", type=int)
    ap.add_argument("--distinct", type=int, default=200, help="bench reports fingerprinted (default 200)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lawscore-copies-memory-") as work:
        corpus = Path(work) / "corpus"
        make_corpus(corpus, args.distinct)
        for n in args.sizes:
            out = subprocess.run([sys.executable, "-c", RUN, str(n), str(corpus)], capture_output=True, text=True,
                                 check=True).stdout.split()
            floor, peak, copied, seconds = int(out[0]), int(out[1]), int(out[2]), float(out[3])
            print(f"{n} reports: peak {peak / 1024:.0f} MB, {(peak - floor) / 1024:.0f} MB over the "
                  f"{floor / 1024:.0f} MB before the batch; {copied} copied sentences found in {seconds:.0f} s CPU",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
