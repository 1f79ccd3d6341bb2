// Vitest project for the bench runner (run from the root with `pnpm test`): the harness's unit tests and one
// `--quick` run of the built CLI at tiny sizes (which `pnpm test` builds first). No figure is asserted.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@bn/bench',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
  },
});
