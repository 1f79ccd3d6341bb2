// Root vitest config: one project per package and app, so `vitest run` at the root runs every test.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tests'],
  },
});
