// Runs just before content.js in a page's frames from other origins: content.js then returns
// the frame's body for its page's check (see otherOriginFrames in background.js) and does nothing else.
globalThis.__copyspotMode = 'frame';
