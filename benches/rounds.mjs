// What the benches report of timings taken in rounds. The host of the machines this project is
// measured on runs a process at about half speed for seconds at a time (docs/performance.md,
// "Measuring on a shared machine"): the faster half of the rounds, pooled, stands for the code, and the median
// of all samples is kept beside it.

/** Median and p99 of `samples`, times `scale` (1000 turns milliseconds into microseconds). */
export function stats(samples, scale = 1) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] * scale;
  return { n: sorted.length, median_us: at(0.5), p99_us: at(0.99) };
}

/** Median and p99 of the faster half of `rounds` (arrays of samples), pooled. */
export function fasterHalf(rounds, scale = 1) {
  const byMedian = rounds.map((samples) => [stats(samples).median_us, samples]).sort(([a], [b]) => a - b);
  const pooled = byMedian.slice(0, Math.ceil(rounds.length / 2)).flatMap(([, samples]) => samples);
  return { ...stats(pooled, scale), rounds: rounds.length, all_rounds_median_us: stats(rounds.flat(), scale).median_us };
}
