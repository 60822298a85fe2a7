// What `./build.sh test` requires of `copyspot scan` over the warcio-written WARC of the
// Readability test pages: every page read, every other record passed over, and every page whose
// reference is in the pack found as (an alias of) itself.
//   node tests/sources/check-scan.mjs SCAN.jsonl SCAN-SUMMARY.txt PAGES
import { readFileSync } from 'node:fs';

const [scanFile, summaryFile, pagesArg] = process.argv.slice(2);
const pages = Number(pagesArg);
const summary = readFileSync(summaryFile, 'utf8');
const failures = [];
const checked = Number(/(\d+) pages checked/.exec(summary)?.[1]);
const passedOver = Number(/(\d+) other records passed over/.exec(summary)?.[1]);
// warcio writes a warcinfo record, and a request and a metadata record beside each response.
if (checked !== pages) failures.push(`${checked} pages checked, expected ${pages}`);
if (passedOver !== 2 * pages + 1) failures.push(`${passedOver} records passed over, expected ${2 * pages + 1}`);

const lines = readFileSync(scanFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
let self = 0;
const misses = [];
for (const { url, matches } of lines) {
  const itself = matches.find((m) => m.score >= 90 && [m.id, ...(m.aliases ?? [])].includes(url));
  if (itself) self += 1;
  else misses.push(`${url}: best match ${matches[0]?.id} at ${matches[0]?.score}`);
}
// Pages left out: the few too short to fingerprint, and lorem-ipsum pages whose every n-gram
// the pack drops as boilerplate (more than 8 references hold it).
if (self < 0.7 * pages) failures.push(`only ${self} of ${pages} pages found themselves`);
console.log(`scan: ${checked} pages, ${passedOver} other records, ${self} found themselves at 90+`);
if (misses.length) console.log(`not found as themselves at 90+:\n  ${misses.join('\n  ')}`);
if (failures.length) {
  console.error(failures.slice(0, 20).join('\n'));
  process.exit(1);
}
