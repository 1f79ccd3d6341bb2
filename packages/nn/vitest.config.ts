// Vitest project for @bn/nn (run from the root with `pnpm test`).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/nn',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
