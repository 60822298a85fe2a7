// The demo page: the same wasm package as the extension, run in a worker. Strings from the
// input or the pack are only ever set as textContent; links open only http(s) addresses.
const ALARM = 50;
const PARTIAL = 20;
const MAX_INPUT_BYTES = 8 * 1024 * 1024;
const SAMPLES = {
  original: 'samples/000.txt',
  spun: 'samples/001.txt',
  aggregator: 'samples/002.txt',
  'same-topic': 'samples/same-topic.txt',
};
const $ = (id) => document.getElementById(id);

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 0;
const pending = new Map();
worker.addEventListener('message', ({ data }) => {
  const request = pending.get(data.id);
  pending.delete(data.id);
  if (data.error) request?.reject(new Error(data.error));
  else request?.resolve(data);
});
worker.addEventListener('error', (event) => {
  $('status').textContent = `The checker could not start: ${event.message ?? 'unknown error'}`;
});
function ask(message) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...message, id });
  });
}

const severity = (score) => (score >= ALARM ? 'copy' : score >= PARTIAL ? 'partial' : 'clean');
const safeHttpUrl = (value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
};

function scoreElement(score) {
  const element = document.createElement('span');
  element.className = `score ${severity(score)}`;
  element.textContent = String(score);
  element.setAttribute('aria-label', `Copy score ${score} out of 100`);
  return element;
}

// Spans count Unicode characters; Array.from splits a string the same way.
function markedText(text, spans) {
  const chars = Array.from(text);
  const parts = [];
  let at = 0;
  for (const { start, end, kind, pair } of [...spans].sort((a, b) => a.start - b.start)) {
    if (start < at) continue;
    if (start > at) parts.push(chars.slice(at, start).join(''));
    const mark = document.createElement('mark');
    mark.className = kind ?? 'verbatim';
    mark.textContent = chars.slice(start, end).join('');
    if (pair !== undefined) {
      mark.dataset.pair = String(pair);
      mark.tabIndex = 0;
    }
    parts.push(mark);
    at = end;
  }
  parts.push(chars.slice(at).join(''));
  return parts;
}

let latest = 0;
async function check(text) {
  const ticket = ++latest;
  $('matches').replaceChildren();
  $('highlighted').replaceChildren();
  $('highlighted').hidden = true;
  $('legend').hidden = true;
  if (!text.trim()) {
    $('status').textContent = 'Paste something, drop a file or load a sample.';
    return;
  }
  if (new Blob([text]).size > MAX_INPUT_BYTES) {
    $('status').textContent = `This input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB; only the first part of a page is ever checked. Paste the article itself.`;
    return;
  }
  $('status').textContent = 'Checking…';
  let response;
  try {
    response = await ask({ type: 'check', text });
  } catch (error) {
    if (ticket === latest) $('status').textContent = `Could not check this input: ${error.message}`;
    return;
  }
  if (ticket !== latest) return; // a newer edit is on its way
  const { article, report } = response.result;
  document.body.dataset.lastCheckMs = response.ms.toFixed(2);
  if (report.status === 'no_article_text') {
    $('status').textContent = 'No article text found to check: this looks like binary data, an empty page or a page without an article.';
    return;
  }
  const best = report.matches[0];
  $('status').replaceChildren(
    scoreElement(report.score),
    best
      ? `${Math.round(best.reference_share * 100)}% of “${best.title || best.id}” appears here; ${Math.round(best.page_share * 100)}% of this text is copied from it.${report.scope === 'page' ? ' The copy is outside the block read as the page’s main article.' : ''}`
      : `No copied passages found among the ${knownReferences} references.`,
  );
  for (const match of report.matches) {
    const item = document.createElement('li');
    item.append(`${match.score} — `);
    const url = safeHttpUrl(match.source);
    if (url) {
      const link = document.createElement('a');
      link.href = url;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      link.textContent = match.title || match.id;
      item.append(link);
    } else {
      item.append(match.title || match.id);
    }
    $('matches').append(item);
  }
  // Passages found outside the article point into the whole page's text, which is not shown.
  if (best && report.scope === 'article') {
    $('highlighted').replaceChildren(...markedText(article.text, best.passages.map((p) => ({ ...p.span, kind: p.kind }))));
    $('highlighted').hidden = false;
    $('legend').hidden = false;
  }
}

let timer;
$('input').addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => check($('input').value), 200);
});

// Fetched once at start, so that everything works offline once the page has loaded.
const sampleTexts = Object.fromEntries(
  Object.entries(SAMPLES).map(([name, path]) => [name, fetch(path).then((r) => (r.ok ? r.text() : ''))]),
);
function loadSample(name) {
  return sampleTexts[name];
}
for (const button of document.querySelectorAll('[data-sample]')) {
  button.addEventListener('click', async () => {
    $('input').value = await loadSample(button.dataset.sample);
    check($('input').value);
  });
}

// Dropped files: text and HTML only; anything else is refused with a reason.
const input = $('input');
input.addEventListener('dragover', (event) => {
  event.preventDefault();
  input.classList.add('dragging');
});
input.addEventListener('dragleave', () => input.classList.remove('dragging'));
input.addEventListener('drop', async (event) => {
  event.preventDefault();
  input.classList.remove('dragging');
  const file = event.dataTransfer?.files?.[0];
  if (!file) return;
  if (!/\.(html?|txt)$/i.test(file.name) && !/^text\//.test(file.type)) {
    $('status').textContent = `“${file.name}” is not a text or HTML file.`;
    return;
  }
  input.value = await file.text();
  check(input.value);
});

// Compare two texts.
async function compare() {
  const suspect = $('suspect').value;
  const source = $('source').value;
  if (!suspect.trim() || !source.trim()) {
    $('compare-status').textContent = 'Paste a suspect text and a source text.';
    $('suspect-view').replaceChildren();
    $('source-view').replaceChildren();
    $('compare-legend').hidden = true;
    return;
  }
  let response;
  try {
    response = await ask({ type: 'compare', suspect, source });
  } catch (error) {
    $('compare-status').textContent = `Could not compare: ${error.message}`;
    return;
  }
  const c = response.result;
  $('compare-status').replaceChildren(
    scoreElement(c.score),
    `${c.passages.length} aligned passages: ${Math.round(c.source_share * 100)}% of the source (${c.source_words} words) appears in the suspect; ${Math.round(c.suspect_share * 100)}% of the suspect (${c.suspect_words} words) is copied.`,
  );
  $('compare-legend').hidden = c.passages.length === 0;
  $('suspect-view').replaceChildren(...markedText(suspect, c.passages.map((p, pair) => ({ ...p.suspect, kind: p.kind, pair }))));
  $('source-view').replaceChildren(...markedText(source, c.passages.map((p, pair) => ({ ...p.source, kind: p.kind, pair }))));
}
let compareTimer;
for (const id of ['suspect', 'source']) {
  $(id).addEventListener('input', () => {
    clearTimeout(compareTimer);
    compareTimer = setTimeout(compare, 200);
  });
}
// Hovering or focusing a passage marks its partner on the other side.
function markPartners(event) {
  const pair = event.target.closest?.('mark[data-pair]')?.dataset.pair;
  for (const mark of document.querySelectorAll('#panel-compare mark.partner')) mark.classList.remove('partner');
  if (pair === undefined) return;
  for (const mark of document.querySelectorAll(`#panel-compare mark[data-pair="${pair}"]`)) mark.classList.add('partner');
}
for (const type of ['mouseover', 'focusin']) $('panel-compare').addEventListener(type, markPartners);
$('compare-sample').addEventListener('click', async () => {
  $('suspect').value = await loadSample('spun');
  $('source').value = await loadSample('original');
  compare();
});

// Tabs.
for (const tab of document.querySelectorAll('[role=tab]')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('[role=tab]')) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      $(other.getAttribute('aria-controls')).hidden = !selected;
    }
  });
}

let knownReferences = 0;
ask({ type: 'info' })
  .then(({ result }) => {
    knownReferences = result.references;
    $('pack-size').textContent = result.references.toLocaleString();
    $('status').textContent = 'Ready. Paste something, drop a file or load a sample.';
    document.body.dataset.ready = 'true';
  })
  .catch((error) => {
    $('status').textContent = `copyspot could not start: ${error.message}`;
  });
