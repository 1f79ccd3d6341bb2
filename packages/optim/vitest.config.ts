// Vitest project for @bn/optim (run from the root with `pnpm test`).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/optim',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
