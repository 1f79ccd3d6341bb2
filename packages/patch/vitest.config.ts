// Vitest project for @bn/patch (run from the root with `pnpm test`).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/patch',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
