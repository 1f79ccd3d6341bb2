// jax-js as a peer, on its WebAssembly device: kernels it generates and compiles to wasm at first use of a shape.
// Single-threaded in Node: its worker pool needs a global `Worker`, which Node does not have.
import * as jax from '@jax-js/jax';

let ready: Promise<typeof jax> | undefined;

async function start(): Promise<typeof jax> {
  const devices = await jax.init('wasm');
  if (!devices.includes('wasm'))
    throw new Error(`jax-js: the wasm device failed to initialise (got ${devices})`);
  jax.defaultDevice('wasm');
  return jax;
}

/** Initialises jax-js's wasm device (once) and makes it the default; returns the jax-js namespace. */
export function useJax(): Promise<typeof jax> {
  ready ??= start();
  return ready;
}
