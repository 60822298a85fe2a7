// Runs just before content.js when automatic checking is on: content.js then sends the page
// to the background worker instead of returning it.
globalThis.__copyspotMode = 'auto';
