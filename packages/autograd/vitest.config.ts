// Vitest project for @bn/autograd (run from the root with `pnpm test`).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/autograd',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
