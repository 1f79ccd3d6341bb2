// Vitest project for @bn/tensor (run from the root with `pnpm test`).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/tensor',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
