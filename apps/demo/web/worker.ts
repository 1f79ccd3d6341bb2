// The page's module Web Worker: runs the story for the DemoConfig it receives and posts every message back, so the
// page stays responsive while the steps compute (the browser twin of src/cli/story-worker.ts). The kernels' helper
// threads are Web Workers it starts, sharing its memory when the page is crossOriginIsolated (vite.config.ts).
import type { DemoConfig } from '../src/story/config.js';
import { postStory } from '../src/story/messages.js';

self.addEventListener('message', (event: MessageEvent<DemoConfig>) => {
  void postStory(event.data, (message) => self.postMessage(message));
});
