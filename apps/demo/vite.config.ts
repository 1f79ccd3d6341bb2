// Build of the web demo: the page in web/ and its module Web Worker into dist-web/, with relative URLs (base './')
// so the built page works from any static path. The @bn packages resolve to their built dist/ through node_modules.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Modules print and name themselves by their class (`bn1 (BatchNorm2d)` in vmap's error, PyTorch's repr), so the
// minifier must keep class and function names, in the page and in the worker bundle.
const keepNames = { output: { keepNames: true } };

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  build: { outDir: '../dist-web', emptyOutDir: true, rolldownOptions: keepNames },
  worker: { format: 'es', rolldownOptions: keepNames },
});
