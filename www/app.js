// The demo page: the same wasm package as the extension, checking pasted text against the
// bundled pack. Strings from the pack or the input are only ever set as textContent.
import init, { Checker } from './wasm/copyspot.js';

const ALARM = 50;
const PARTIAL = 20;
const SAMPLES = {
  original: 'samples/000.txt',
  spun: 'samples/001.txt',
  aggregator: 'samples/002.txt',
};

const input = document.getElementById('input');
const status = document.getElementById('status');
const matches = document.getElementById('matches');
const highlighted = document.getElementById('highlighted');

let checker;

async function start() {
  await init({ module_or_path: new URL('./wasm/copyspot_bg.wasm', import.meta.url) });
  const pack = await fetch('pack/default.cspk');
  checker = new Checker(new Uint8Array(await pack.arrayBuffer()));
  document.getElementById('pack-size').textContent = `${checker.info().references.toLocaleString()}`;
  status.textContent = 'Ready. Paste something or load a sample.';
}

function severity(score) {
  return score >= ALARM ? 'copy' : score >= PARTIAL ? 'partial' : 'clean';
}

function render(text) {
  matches.replaceChildren();
  highlighted.hidden = true;
  if (!text.trim()) {
    status.textContent = 'Paste something or load a sample.';
    return;
  }
  let result;
  try {
    result = checker.check(text);
  } catch (error) {
    status.textContent = `Could not check this input: ${error.message ?? error}`;
    return;
  }
  const { article, report } = result;
  if (report.status === 'no_article_text') {
    status.textContent = 'No article text found to check.';
    return;
  }
  const best = report.matches[0];
  const score = document.createElement('span');
  score.className = `score ${severity(report.score)}`;
  score.textContent = String(report.score);
  status.replaceChildren(score, best
    ? `${Math.round(best.reference_share * 100)}% of “${best.title}” appears here; ${Math.round(best.page_share * 100)}% of this text is copied from it.`
    : 'No copied passages found.');
  for (const match of report.matches) {
    const item = document.createElement('li');
    item.textContent = `${match.score} — ${match.title} (${match.id})`;
    matches.append(item);
  }
  if (best) showPassages(article.text, best.passages);
}

// Spans count Unicode characters; Array.from splits a string the same way.
function showPassages(text, passages) {
  const chars = Array.from(text);
  const parts = [];
  let at = 0;
  for (const { span } of passages) {
    if (span.start > at) parts.push(chars.slice(at, span.start).join(''));
    const mark = document.createElement('mark');
    mark.textContent = chars.slice(span.start, span.end).join('');
    parts.push(mark);
    at = span.end;
  }
  parts.push(chars.slice(at).join(''));
  highlighted.replaceChildren(...parts);
  highlighted.hidden = false;
}

let timer;
input.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => checker && render(input.value), 200);
});

for (const button of document.querySelectorAll('[data-sample]')) {
  button.addEventListener('click', async () => {
    input.value = await (await fetch(SAMPLES[button.dataset.sample])).text();
    render(input.value);
  });
}

start().catch((error) => {
  status.textContent = `copyspot could not start: ${error.message ?? error}`;
});
