// The SimpleCNN's per-sample gradients in the peers that have gradients, on @bn's weights and samples: jax-js
// (vmap(grad(loss)) jitted, and a loop of jit(grad(loss))) and tfjs (cpu, wasm; a loop of tf.grads, tfjs has no
// vmap). Each way's result is kept until read or freed, so a timed call computes to completion and frees after.
import type { Array as JaxArray } from '@jax-js/jax';
import type * as tfjs from '@tensorflow/tfjs';
import type { Impl } from '../harness/types.js';
import { useJax } from '../peers/jax.js';
import { type TfjsBackend, tfjsImpl, useTfjs } from '../peers/tfjs.js';
import { concatenated, type GradientValues } from './gradients.js';
import { pooledSize, type SimpleCnnWeights } from './simple-cnn.js';

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

const CLASSES = 10;

/**
 * jax-js on its wasm device, jitted (as JAX code runs). Arrays are reference-counted: every use but the last takes
 * `.ref`, the parameters are passed as `tree.ref(params)`.
 */
export const jaxPerSample: PerSamplePeer = {
  impl: 'jax-js',
  async prepare(weights, { images, targets, batch, size }) {
    const jax = await useJax();
    const { numpy: np, lax, nn, tree } = jax;
    type Params = Record<string, JaxArray>;
    const params: Params = Object.fromEntries(
      Object.entries(weights).map(([key, { data, shape }]) => [key, np.array(data).reshape(shape)]),
    );
    const p = pooledSize(size);
    const conv = (h: JaxArray, w: JaxArray, b: JaxArray) =>
      lax.convGeneralDilated(h, w, [1, 1], 'VALID').add(b.reshape([1, -1, 1, 1]));
    const linear = (h: JaxArray, w: JaxArray, b: JaxArray) => np.matmul(h, w.transpose()).add(b);
    // one sample [1, size, size] and its target []: nll_loss of log_softmax, as the tutorial's loss
    const loss = (w: Params, sample: JaxArray, target: JaxArray): JaxArray => {
      let h = nn.relu(conv(np.expandDims(sample, 0), w['conv1.weight']!, w['conv1.bias']!));
      h = nn.relu(conv(h, w['conv2.weight']!, w['conv2.bias']!));
      h = np.max(h.reshape([1, 64, p, 2, p, 2]), [3, 5]).reshape([1, 64 * p * p]);
      h = nn.relu(linear(h, w['fc1.weight']!, w['fc1.bias']!));
      const logProbs = nn.logSoftmax(linear(h, w['fc2.weight']!, w['fc2.bias']!), -1);
      return np.sum(logProbs.mul(nn.oneHot(np.expandDims(target, 0), CLASSES))).neg();
    };
    const perSample = jax.grad(loss);
    const mapped = jax.jit(jax.vmap(perSample, [null, 0, 0]));
    const single = jax.jit(perSample);
    const x = np.array(images).reshape([batch, 1, size, size]);
    const y = np.array(targets, { dtype: np.int32 });
    const xs = Array.from({ length: batch }, (_, b) => x.ref.slice(b));
    const ys = Array.from({ length: batch }, (_, b) => y.ref.slice(b));
    const held = (result: Params | Params[]): PeerGradients => ({
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
          const result = mapped(tree.ref(params), x.ref, y.ref) as Params;
          await jax.blockUntilReady(result);
          return held(result);
        },
        loop: async () => {
          const result = xs.map((sample, b) => single(tree.ref(params), sample.ref, ys[b]!.ref) as Params);
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

/** The @bn key of each tfjs weight, in the order tf.grads takes them; convolutions are HWIO in tfjs. */
const TFJS_KEYS = [
  'conv1.weight',
  'conv1.bias',
  'conv2.weight',
  'conv2.bias',
  'fc1.weight',
  'fc1.bias',
  'fc2.weight',
  'fc2.bias',
];
const isConvWeight = (key: string) => key.startsWith('conv') && key.endsWith('weight');

/**
 * tfjs on `backend`: a loop of tf.grads over the samples, NHWC (a one-channel image has the same layout in both),
 * the pooled maps transposed to NCHW before flattening so fc1 takes @bn's weight as it is.
 */
export function tfjsPerSample(backend: TfjsBackend): PerSamplePeer {
  return {
    impl: tfjsImpl(backend),
    slow: backend === 'cpu',
    async prepare(weights, { images, targets, batch, size }) {
      const tf = await useTfjs(backend);
      const params = TFJS_KEYS.map((key) => {
        const { data, shape } = weights[key]!;
        return tf.tidy(() =>
          isConvWeight(key) ? tf.tensor(data, shape).transpose([2, 3, 1, 0]) : tf.tensor(data, shape),
        );
      });
      const p = pooledSize(size);
      const loss = (
        [w1, b1, w2, b2, f1, c1, f2, c2]: tfjs.Tensor[],
        x: tfjs.Tensor4D,
        target: tfjs.Tensor,
      ) => {
        let h = tf.relu(tf.add(tf.conv2d(x, w1 as tfjs.Tensor4D, 1, 'valid'), b1!));
        h = tf.relu(tf.add(tf.conv2d(h as tfjs.Tensor4D, w2 as tfjs.Tensor4D, 1, 'valid'), b2!));
        const pooled = tf.maxPool(h as tfjs.Tensor4D, 2, 2, 'valid');
        let v = tf.reshape(tf.transpose(pooled, [0, 3, 1, 2]), [1, 64 * p * p]);
        v = tf.relu(tf.add(tf.matMul(v, f1!, false, true), c1!));
        const logProbs = tf.logSoftmax(tf.add(tf.matMul(v, f2!, false, true), c2!));
        return tf.neg(tf.sum(tf.mul(logProbs, target))) as tfjs.Scalar;
      };
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
                    const parts = result.map((g) =>
                      tf.tidy(() => (isConvWeight(name) ? g[k]!.transpose([3, 2, 0, 1]) : g[k]!.clone())),
                    );
                    const values = concatenated(parts.map((t) => t.dataSync()));
                    tf.dispose(parts);
                    return [name, values];
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
