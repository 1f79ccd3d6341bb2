// Vitest project for @bn/models (run from the root with `pnpm test`).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/models',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
