// Fails when a figure of the small detection run falls below tests/eval/floors.json.
//   node tests/eval/check-floors.mjs FIGURES.json
import { readFileSync } from 'node:fs';

const { sets: figures } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const floors = JSON.parse(readFileSync(new URL('./floors.json', import.meta.url), 'utf8'));
const failures = [];
for (const [set, floor] of Object.entries(floors.min_caught_percent)) {
  if (!figures[set] && set.startsWith('phrase-spun')) {
    console.log(`SKIPPED ${set}: the phrase spinner's thesaurus (mythes-en-us) is not installed`);
    continue;
  }
  const caught = figures[set]?.caught_percent;
  if (!(caught >= floor)) failures.push(`${set}: caught ${caught}% < ${floor}%`);
}
for (const [set, ceiling] of Object.entries(floors.max_false_alarm_percent)) {
  const alarms = figures[set]?.false_alarm_percent;
  if (!(alarms <= ceiling)) failures.push(`${set}: false alarms ${alarms}% > ${ceiling}%`);
}
for (const [set, f] of Object.entries(figures)) {
  const allowed = floors.max_drop_exceptions?.[set] ?? floors.max_drop_from_clean;
  if (f.max_drop_from_clean != null && f.max_drop_from_clean > allowed) {
    failures.push(`${set}: score drops ${f.max_drop_from_clean} points from the clean copy`);
  }
}
const sets = Object.keys(figures).length;
if (failures.length) {
  console.log(failures.join('\n'));
  console.log(`detection: ${sets - failures.length} passed, ${failures.length} failed`);
  process.exit(1);
}
console.log(`detection: ${sets} passed, 0 failed`);
