// The SimpleCNN's training steps in the JavaScript peers that train, on @bn's weights and batch: jax-js (jitted; it
// ships no optimizer, so the update is a plain p - lr * g; the DP-SGD step with vmap(grad)) and tfjs (cpu, wasm;
// tf.train.sgd minimizing the batch loss; no vmap, so no DP-SGD step). A runner keeps its weights between steps.
import type { Array as JaxArray } from '@jax-js/jax';
import type * as tfjs from '@tensorflow/tfjs';
import type { GradientValues } from '../grad/gradients.js';
import {
  CLASSES,
  type JaxParams,
  jaxBatch,
  jaxLoss,
  jaxParams,
  jaxSampleLoss,
  TFJS_KEYS,
  tfjsLoss,
  tfjsParams,
  tfjsRead,
} from '../grad/simple-cnn-nets.js';
import type { Samples, SimpleCnnWeights } from '../grad/simple-cnn-peers.js';
import type { Impl } from '../harness/types.js';
import { useJax } from '../peers/jax.js';
import { type TfjsBackend, tfjsImpl, useTfjs } from '../peers/tfjs.js';
import { CLIP_EPS, LR, MAX_GRAD_NORM } from './settings.js';

/** A peer's step on its own copy of the weights, which it updates. */
export interface TrainRunner {
  step(): Promise<void>;
  /** The current weights `names` (@bn's keys and layouts). */
  read(names: readonly string[]): Promise<GradientValues>;
  dispose(): void;
}

export interface TrainPeer {
  impl: Impl;
  /** One SGD step on the batch's mean loss. */
  sgd(weights: SimpleCnnWeights, samples: Samples): Promise<TrainRunner>;
  /** The DP-SGD step, with noise of std `noiseStd` (sigma * C); a string: why the peer has none. */
  dpSgd: ((weights: SimpleCnnWeights, samples: Samples, noiseStd: number) => Promise<TrainRunner>) | string;
}

/** A jax-js runner over `params`, each step replacing them by `update`'s (which consumes them). */
function jaxRunner(
  jax: Awaited<ReturnType<typeof useJax>>,
  params: JaxParams,
  update: (params: JaxParams) => JaxParams,
  held: JaxArray[],
): TrainRunner {
  let current = params;
  return {
    async step() {
      current = update(current);
      await jax.blockUntilReady(current);
    },
    async read(names) {
      const values = await Promise.all(names.map((name) => current[name]!.ref.data()));
      return Object.fromEntries(names.map((name, i) => [name, values[i] as Float32Array]));
    },
    dispose: () => jax.tree.dispose([current, held]),
  };
}

/** jax-js on its wasm device: jit(step), arrays reference-counted (`.ref` for every use but the last). */
export const jaxTrain: TrainPeer = {
  impl: 'jax-js',
  async sgd(weights, { images, targets, batch, size }) {
    const jax = await useJax();
    const { tree } = jax;
    const loss = jaxLoss(jax, size);
    const step = jax.jit((w: JaxParams, x: JaxArray, y: JaxArray): JaxParams => {
      const g = jax.grad(loss)(tree.ref(w), x, y) as JaxParams;
      return Object.fromEntries(Object.entries(w).map(([k, p]) => [k, p.sub(g[k]!.mul(LR))]));
    });
    const [x, y] = jaxBatch(jax, images, targets, batch, size);
    return jaxRunner(jax, jaxParams(jax, weights), (w) => step(w, x.ref, y.ref) as JaxParams, [x, y]);
  },
  async dpSgd(weights, { images, targets, batch, size }, noiseStd) {
    const jax = await useJax();
    const { numpy: np, tree, random } = jax;
    const perSample = jax.vmap(jax.grad(jaxSampleLoss(jax, size)), [null, 0, 0]);
    const step = jax.jit((w: JaxParams, x: JaxArray, y: JaxArray, key: JaxArray): JaxParams => {
      const g = perSample(tree.ref(w), x, y) as JaxParams;
      const names = Object.keys(w);
      const squares = names.map((k) => np.sum(np.square(g[k]!.ref.reshape([batch, -1])), 1));
      const norms = np.sqrt(squares.reduce((a, b) => a.add(b)));
      const factor = np.minimum(np.trueDivide(MAX_GRAD_NORM, norms.add(CLIP_EPS)), 1);
      const keys = random.split(key, names.length);
      const updated = names.map((k, i) => {
        const summed = np.tensordot(factor.ref, g[k]!, 1);
        const noise = random.normal(keys.ref.slice(i), summed.shape).mul(noiseStd);
        return [k, w[k]!.sub(summed.add(noise).mul(LR / batch))] as const;
      });
      tree.dispose([factor, keys]);
      return Object.fromEntries(updated);
    });
    const [x, y] = jaxBatch(jax, images, targets, batch, size);
    let seed = 0; // a fresh key each step
    const update = (w: JaxParams) => step(w, x.ref, y.ref, random.key(seed++)) as JaxParams;
    return jaxRunner(jax, jaxParams(jax, weights), update, [x, y]);
  },
};

/** tfjs on `backend`: tf.train.sgd's minimize over variables holding the weights (HWIO convolutions). */
export function tfjsTrain(backend: TfjsBackend): TrainPeer {
  return {
    impl: tfjsImpl(backend),
    dpSgd:
      'not run: tfjs has no vmap (per-sample gradients would be a loop of tf.grads, the grad suite times it)',
    async sgd(weights, { images, targets, batch, size }) {
      const tf = await useTfjs(backend);
      const initial = tfjsParams(tf, weights);
      const variables = initial.map((t) => tf.variable(t));
      tf.dispose(initial);
      const loss = tfjsLoss(tf, size);
      const x = tf.tensor4d(images, [batch, size, size, 1]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(targets, 'int32'), CLASSES));
      const optimizer = tf.train.sgd(LR);
      return {
        async step() {
          const cost = optimizer.minimize(() => loss(variables, x, y), true, variables);
          await cost?.data();
          cost?.dispose();
        },
        async read(names) {
          return Object.fromEntries(
            names.map((name) => [name, tfjsRead(tf, name, variables[TFJS_KEYS.indexOf(name)]!)]),
          );
        },
        dispose: () => {
          optimizer.dispose();
          tf.dispose([...variables, x, y] as tfjs.Tensor[]);
        },
      };
    },
  };
}

export const TRAIN_PEERS: readonly TrainPeer[] = [jaxTrain, tfjsTrain('wasm'), tfjsTrain('cpu')];
