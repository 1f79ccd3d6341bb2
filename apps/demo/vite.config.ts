// Build of the web demo: the pages in web/ (the story, index.html; training, train.html) and their module Web
// Workers into dist-web/, with relative URLs (base './')
// so the built page works from any static path. The @bn packages resolve to their built dist/ through node_modules.
// The dev server and the preview send the headers that make the page cross-origin isolated.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The response headers that make the page `crossOriginIsolated`: only then may the story's worker share a
 * WebAssembly.Memory (a SharedArrayBuffer) with the helper workers the kernels run on, so without them the story
 * runs on one thread. Any host of dist-web/ must send them too (the e2e test's server does).
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

// Modules print and name themselves by their class (`bn1 (BatchNorm2d)` in vmap's error, PyTorch's repr), so the
// minifier must keep class and function names, in the page and in the worker bundle.
const keepNames = { output: { keepNames: true } };

const page = (name: string) => fileURLToPath(new URL(`./web/${name}`, import.meta.url));

export default defineConfig({
  root: page(''),
  base: './',
  build: {
    outDir: '../dist-web',
    emptyOutDir: true,
    rolldownOptions: { ...keepNames, input: { index: page('index.html'), train: page('train.html') } },
  },
  worker: { format: 'es', rolldownOptions: keepNames },
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
});
