// TensorFlow.js as a peer: its CPU backend (plain JS) and its WebAssembly backend (XNNPACK, SIMD; single-threaded
// in Node), selected by name. The .wasm binaries ship in @tensorflow/tfjs-backend-wasm: nothing is downloaded.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type TfjsBackend = 'cpu' | 'wasm';

// production mode: no debug checks in the timed ops, and no "install tfjs-node" banner in the bench's output
tf.env().set('PROD', true);

/** The impl name a tfjs backend is reported under. */
export const tfjsImpl = (backend: TfjsBackend) => `tfjs-backend-${backend}` as const;

/** Switches tfjs to `backend` (initialising it the first time) and returns the tfjs namespace. */
export async function useTfjs(backend: TfjsBackend): Promise<typeof tf> {
  if (tf.getBackend() !== backend) {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  }
  await tf.ready();
  return tf;
}
