// Vitest project for the demo (run from the root with `pnpm test`): the story's steps at reduced sizes, the CLI, and
// the page in a real Chromium. They run on the built app (dist/, dist-web/), which `pnpm test` builds first.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/demo',
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 900_000,
  },
});
