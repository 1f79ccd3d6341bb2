// Vitest project for @bn/testing, the private test helpers (run from the root with `pnpm test`).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/testing',
    include: ['src/**/*.test.ts'],
  },
});
