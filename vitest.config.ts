// Root vitest config: one project per package, so `vitest run` at the root runs every package's tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'tests'],
  },
});
