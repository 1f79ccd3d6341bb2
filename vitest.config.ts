// Root vitest config: one project per package and app, so `vitest run` at the root runs every test; and the
// tests of @bn/tensor and @bn/vmap once more on each other kernel setting than the default (WebAssembly,
// small ops on one thread): the TypeScript kernels, and WebAssembly with every op split across 2 threads.
import { defineConfig } from 'vitest/config';

const BACKENDS = { js: 'js backend', 'wasm-threads': 'wasm, 2 threads' } as const;

const rerun = (pkg: 'tensor' | 'vmap') =>
  Object.entries(BACKENDS).map(([mode, label]) => ({
    root: `packages/${pkg}`,
    test: {
      name: `@bn/${pkg} (${label})`,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      env: { BN_TEST_BACKEND: mode },
      setupFiles: ['test/backend-setup.ts'],
    },
  }));

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tests', ...rerun('tensor'), ...rerun('vmap')],
  },
});
