// The page's module Web Worker: runs the story for the DemoConfig it receives and posts every message back, so the
// page stays responsive while the steps compute (the browser twin of src/cli/story-worker.ts).
import type { DemoConfig } from '../src/story/config.js';
import { postStory } from '../src/story/messages.js';

self.addEventListener('message', (event: MessageEvent<DemoConfig>) => {
  postStory(event.data, (message) => self.postMessage(message));
});
