// Build of the bench runner: the CLI as ESM for Node; @bn packages and the peers (devDependencies, which tsup would
// otherwise bundle) stay imports from node_modules.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  skipNodeModulesBundle: true,
});
