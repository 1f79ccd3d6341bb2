// The build every published package shares: one ESM bundle of src/index.ts with its .d.ts, for Node and browsers.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
