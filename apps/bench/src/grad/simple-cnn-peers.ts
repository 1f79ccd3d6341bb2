// The SimpleCNN's per-sample gradients in the peers that have gradients, on @bn's weights and samples: jax-js
// (vmap(grad(loss)) jitted, and a loop of jit(grad(loss))) and tfjs (cpu, wasm; a loop of tf.grads, tfjs has no
// vmap). Each way's result is kept until read or freed, so a timed call computes to completion and frees after.
import type * as tfjs from '@tensorflow/tfjs';
import type { Impl } from '../harness/types.js';
import { useJax } from '../peers/jax.js';
import { type TfjsBackend, tfjsImpl, useTfjs } from '../peers/tfjs.js';
import { concatenated, type GradientValues } from './gradients.js';
import type { SimpleCnnWeights } from './simple-cnn.js';
import {
  CLASSES,
  type JaxParams,
  jaxBatch,
  jaxParams,
  jaxSampleLoss,
  TFJS_KEYS,
  tfjsLoss,
  tfjsParams,
  tfjsRead,
} from './simple-cnn-nets.js';

export type { SimpleCnnWeights };

/** Per-sample gradients computed by a peer, held until freed. */
export interface PeerGradients {
  /** Parameters `names` (@bn's keys and layout), as [B, ...parameter shape]. */
  read(names: readonly string[]): Promise<GradientValues>;
  dispose(): void;
}

/** The peer's ways of computing the per-sample gradients of the prepared batch ('vmap', 'loop'). */
export interface PerSampleRunner {
  ways: Partial<Record<'vmap' | 'loop', () => Promise<PeerGradients>>>;
  dispose(): void;
}

/** The samples: images [B, 1, size, size] (NCHW) and integer class targets [B]. */
export interface Samples {
  images: Float32Array;
  targets: Int32Array;
  batch: number;
  size: number;
}

export interface PerSamplePeer {
  impl: Impl;
  /** Plain-JS kernels: a full run times the gradients of one sample first, and skips a loop that would take long. */
  slow?: boolean;
  prepare(weights: SimpleCnnWeights, samples: Samples): Promise<PerSampleRunner>;
}

/**
 * jax-js on its wasm device, jitted (as JAX code runs). Arrays are reference-counted: every use but the last takes
 * `.ref`, the parameters are passed as `tree.ref(params)`.
 */
export const jaxPerSample: PerSamplePeer = {
  impl: 'jax-js',
  async prepare(weights, { images, targets, batch, size }) {
    const jax = await useJax();
    const { tree } = jax;
    const params = jaxParams(jax, weights);
    const perSample = jax.grad(jaxSampleLoss(jax, size));
    const mapped = jax.jit(jax.vmap(perSample, [null, 0, 0]));
    const single = jax.jit(perSample);
    const [x, y] = jaxBatch(jax, images, targets, batch, size);
    const xs = Array.from({ length: batch }, (_, b) => x.ref.slice(b));
    const ys = Array.from({ length: batch }, (_, b) => y.ref.slice(b));
    const held = (result: JaxParams | JaxParams[]): PeerGradients => ({
      read: async (names) => {
        const each = Array.isArray(result) ? result : [result];
        const values = names.map(async (name) => {
          const parts = await Promise.all(each.map((g) => g[name]!.ref.data()));
          return [name, concatenated(parts as Float32Array[])] as const;
        });
        return Object.fromEntries(await Promise.all(values));
      },
      dispose: () => tree.dispose(result),
    });
    return {
      ways: {
        vmap: async () => {
          const result = mapped(tree.ref(params), x.ref, y.ref) as JaxParams;
          await jax.blockUntilReady(result);
          return held(result);
        },
        loop: async () => {
          const result = xs.map((sample, b) => single(tree.ref(params), sample.ref, ys[b]!.ref) as JaxParams);
          await jax.blockUntilReady(result);
          return held(result);
        },
      },
      dispose: () => {
        mapped.dispose();
        single.dispose();
        tree.dispose([params, x, y, xs, ys]);
      },
    };
  },
};

/** tfjs on `backend`: a loop of tf.grads over the samples. */
export function tfjsPerSample(backend: TfjsBackend): PerSamplePeer {
  return {
    impl: tfjsImpl(backend),
    slow: backend === 'cpu',
    async prepare(weights, { images, targets, batch, size }) {
      const tf = await useTfjs(backend);
      const params = tfjsParams(tf, weights);
      const loss = tfjsLoss(tf, size);
      const samples = Array.from({ length: batch }, (_, b) => {
        const x = tf.tensor4d(images.subarray(b * size * size, (b + 1) * size * size), [1, size, size, 1]);
        const target = tf.tidy(() => tf.oneHot(tf.tensor1d([targets[b]!], 'int32'), CLASSES));
        return { x, target, grads: tf.grads((...w: tfjs.Tensor[]) => loss(w, x, target)) };
      });
      return {
        ways: {
          loop: async () => {
            const result = samples.map(({ grads }) => grads(params));
            return {
              read: async (names) =>
                Object.fromEntries(
                  names.map((name) => {
                    const k = TFJS_KEYS.indexOf(name);
                    return [name, concatenated(result.map((g) => tfjsRead(tf, name, g[k]!)))];
                  }),
                ),
              dispose: () => tf.dispose(result.flat()),
            };
          },
        },
        dispose: () => tf.dispose([...params, ...samples.flatMap(({ x, target }) => [x, target])]),
      };
    },
  };
}

export const PER_SAMPLE_PEERS: readonly PerSamplePeer[] = [
  jaxPerSample,
  tfjsPerSample('wasm'),
  tfjsPerSample('cpu'),
];

/** The first `count` of `samples`. */
export const firstSamples = ({ images, targets, size }: Samples, count: number): Samples => ({
  images: images.subarray(0, count * size * size),
  targets: targets.subarray(0, count),
  batch: count,
  size,
});
