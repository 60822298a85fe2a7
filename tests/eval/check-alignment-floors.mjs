// Fails when passage alignment on the PAN slice falls below tests/eval/alignment-floors.json.
//   node tests/eval/check-alignment-floors.mjs FIGURES.json
import { readFileSync } from 'node:fs';

const figures = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const floors = JSON.parse(readFileSync(new URL('./alignment-floors.json', import.meta.url), 'utf8'));
const failures = Object.entries(floors.min_plagdet)
  .filter(([type, floor]) => !(figures.types[type]?.plagdet >= floor))
  .map(([type, floor]) => `${type}: plagdet ${figures.types[type]?.plagdet?.toFixed(3)} < ${floor}`);
if (!(figures.spurious_per_100_pairs <= floors.max_spurious_per_100_pairs)) {
  failures.push(`${figures.spurious_per_100_pairs} spurious passages per 100 pairs without reuse > ${floors.max_spurious_per_100_pairs}`);
}
console.log(failures.length ? failures.join('\n') : 'alignment: every floor met');
process.exit(failures.length ? 1 : 0);
