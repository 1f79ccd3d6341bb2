// Vitest project for @bn/vmap (run from the root with `pnpm test`).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/vmap',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
