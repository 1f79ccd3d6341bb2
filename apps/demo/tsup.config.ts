// Build of the terminal demos (`pnpm demo`, `pnpm demo:train`): each CLI and its worker thread as ESM for Node (the @bn packages stay imports). The
// web page is built by Vite (vite.config.ts) into dist-web/.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    cli: 'src/cli/main.ts',
    'story-worker': 'src/cli/story-worker.ts',
    train: 'src/cli/train-main.ts',
    'train-worker': 'src/cli/train-worker.ts',
  },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
});
