// The Readability test pages' HTML, as the extraction stages of the benches read them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The 130 pages' source.html texts in name order, or null when ../shared is absent. */
export function readabilityPages(root) {
  const pages = join(root, '../shared/corpus/readability-test-pages');
  if (!existsSync(pages)) return null;
  return readdirSync(pages).sort()
    .map((name) => join(pages, name, 'source.html'))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'));
}
