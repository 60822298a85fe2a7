"""The peer in copyspot's benchmark: datasketch, as near-duplicate detection is usually done in
Python. Text -> MinHash (128 permutations over word 5-grams, update_batch: datasketch's fastest
path), then a MinHashLSH query against 10k and 100k references.

    python benches/peer_datasketch.py BENCH_DIR

Reads the texts the native bench wrote (text-6KB.txt, text-60KB.txt) and the generated
references (references.jsonl); writes BENCH_DIR/peer.json (median and p99 in microseconds).
Run by `./build.sh bench` from a virtual environment it makes (target/bench-venv).
"""

import json
import re
import sys
import time
from pathlib import Path

from datasketch import MinHash, MinHashLSH

PERMUTATIONS = 128
NGRAM = 5
WORD = re.compile(r"\w+")


def shingles(text):
    words = WORD.findall(text.lower())
    return [" ".join(words[i : i + NGRAM]).encode() for i in range(len(words) - NGRAM + 1)]


def minhash(text):
    m = MinHash(num_perm=PERMUTATIONS)
    m.update_batch(shingles(text))
    return m


# Rounds per stage, a fifth of a second apart: the faster half of them, pooled, stands for the
# code, as in benches/wasm.mjs (docs/performance.md, "Measuring on a shared machine").
ROUNDS = 10


def stats(samples):
    samples = sorted(samples)
    at = lambda p: samples[min(len(samples) - 1, int(len(samples) * p))] * 1e6
    return {"n": len(samples), "median_us": at(0.5), "p99_us": at(0.99)}


def measure(iterations, run):
    for _ in range(max(1, iterations // 10)):
        run()
    rounds = []
    for _ in range(ROUNDS):
        time.sleep(0.2)
        samples = []
        for _ in range(max(1, iterations // ROUNDS)):
            start = time.perf_counter()
            run()
            samples.append(time.perf_counter() - start)
        rounds.append(samples)
    rounds.sort(key=lambda samples: stats(samples)["median_us"])
    faster = [sample for samples in rounds[: (len(rounds) + 1) // 2] for sample in samples]
    everything = [sample for samples in rounds for sample in samples]
    return {**stats(faster), "all_rounds_median_us": stats(everything)["median_us"]}


def main():
    folder = Path(sys.argv[1])
    results = {}

    def record(name, stats):
        results[name] = stats
        print(f"{name:36} median {stats['median_us']:9.1f} µs  p99 {stats['p99_us']:9.1f} µs  (n={stats['n']})")

    texts = {size: (folder / f"text-{size}.txt").read_text() for size in ("6KB", "60KB")}
    for size, iterations in (("6KB", 500), ("60KB", 50)):
        record(f"{size}/text to MinHash", measure(iterations, lambda: minhash(texts[size])))

    references = folder / "references.jsonl"
    if not references.exists():
        print(f"SKIPPED the LSH index: {references} is absent")
    else:
        lsh = MinHashLSH(threshold=0.5, num_perm=PERMUTATIONS)
        started = time.perf_counter()
        count = 0
        with references.open() as lines:
            for line in lines:
                reference = json.loads(line)
                lsh.insert(reference["id"], minhash(reference["text"]), check_duplication=False)
                count += 1
                if count in (10_000, 100_000):
                    name = f"{count // 1000}k"
                    results[f"index build {name}"] = {"seconds": time.perf_counter() - started}
                    print(f"index build {name:25} {time.perf_counter() - started:.1f} s")
                    for size, iterations in (("6KB", 500), ("60KB", 50)):
                        query = minhash(texts[size])
                        record(f"{size}/LSH query {name}", measure(iterations, lambda: lsh.query(query)))
                        record(
                            f"{size}/whole check {name}",
                            measure(iterations, lambda: lsh.query(minhash(texts[size]))),
                        )
                if count == 100_000:
                    break
    (folder / "peer.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
