// The SimpleCNN written in the peers that have gradients, jax-js and tfjs, on @bn's weights: the mean nll_loss of
// log_softmax over a batch of any size, as the tutorial's loss (the grad suite takes batches of one sample, the train
// suite whole batches).
import type { Array as JaxArray } from '@jax-js/jax';
import type * as tfjs from '@tensorflow/tfjs';
import type { useJax } from '../peers/jax.js';
import type { useTfjs } from '../peers/tfjs.js';
import { pooledSize, type SimpleCnnWeights } from './simple-cnn.js';

export const CLASSES = 10;

type Jax = Awaited<ReturnType<typeof useJax>>;
type Tf = Awaited<ReturnType<typeof useTfjs>>;
export type JaxParams = Record<string, JaxArray>;

/** @bn's weights as jax-js arrays under @bn's keys and layouts. */
export const jaxParams = ({ numpy: np }: Jax, weights: SimpleCnnWeights): JaxParams =>
  Object.fromEntries(
    Object.entries(weights).map(([key, { data, shape }]) => [key, np.array(data).reshape(shape)]),
  );

/**
 * The loss in jax-js of images [N, 1, size, size] and integer targets [N]. Arrays are reference-counted: each is used
 * once here, so the caller passes `.ref`s of what it keeps.
 */
export function jaxLoss({ numpy: np, lax, nn }: Jax, size: number) {
  const p = pooledSize(size);
  const conv = (h: JaxArray, w: JaxArray, b: JaxArray) =>
    lax.convGeneralDilated(h, w, [1, 1], 'VALID').add(b.reshape([1, -1, 1, 1]));
  const linear = (h: JaxArray, w: JaxArray, b: JaxArray) => np.matmul(h, w.transpose()).add(b);
  return (w: JaxParams, images: JaxArray, targets: JaxArray): JaxArray => {
    const n = images.shape[0]!;
    let h = nn.relu(conv(images, w['conv1.weight']!, w['conv1.bias']!));
    h = nn.relu(conv(h, w['conv2.weight']!, w['conv2.bias']!));
    h = np.max(h.reshape([n, 64, p, 2, p, 2]), [3, 5]).reshape([n, 64 * p * p]);
    h = nn.relu(linear(h, w['fc1.weight']!, w['fc1.bias']!));
    const logProbs = nn.logSoftmax(linear(h, w['fc2.weight']!, w['fc2.bias']!), -1);
    return np.sum(logProbs.mul(nn.oneHot(targets, CLASSES))).mul(-1 / n);
  };
}

/** The loss of one sample [1, size, size] and its target [], as vmap hands them out of a batch. */
export function jaxSampleLoss(jax: Jax, size: number) {
  const loss = jaxLoss(jax, size);
  const { expandDims } = jax.numpy;
  return (w: JaxParams, sample: JaxArray, target: JaxArray): JaxArray =>
    loss(w, expandDims(sample, 0), expandDims(target, 0));
}

/** A batch in jax-js: images [batch, 1, size, size] and int32 targets [batch]. */
export const jaxBatch = (
  { numpy: np }: Jax,
  images: Float32Array,
  targets: Int32Array,
  batch: number,
  size: number,
): [JaxArray, JaxArray] => [
  np.array(images).reshape([batch, 1, size, size]),
  np.array(targets, { dtype: np.int32 }),
];

/** The @bn key of each tfjs weight, in the order tf.grads takes them; convolutions are HWIO in tfjs. */
export const TFJS_KEYS = [
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

/** @bn's weights as tfjs tensors in TFJS_KEYS's order (HWIO convolutions). */
export const tfjsParams = (tf: Tf, weights: SimpleCnnWeights): tfjs.Tensor[] =>
  TFJS_KEYS.map((key) => {
    const { data, shape } = weights[key]!;
    return tf.tidy(() =>
      isConvWeight(key) ? tf.tensor(data, shape).transpose([2, 3, 1, 0]) : tf.tensor(data, shape),
    );
  });

/** A tfjs value of weight `key` (a gradient, an updated weight) in @bn's layout. */
export function tfjsRead(tf: Tf, key: string, value: tfjs.Tensor): Float32Array {
  const t = tf.tidy(() => (isConvWeight(key) ? value.transpose([3, 2, 0, 1]) : value.clone()));
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

/**
 * The loss in tfjs of images [N, size, size, 1] (NHWC: a one-channel image has the same layout in both) and one-hot
 * targets [N, 10]; the pooled maps are transposed to NCHW before flattening so fc1 takes @bn's weight as it is.
 */
export function tfjsLoss(tf: Tf, size: number) {
  const p = pooledSize(size);
  return ([w1, b1, w2, b2, f1, c1, f2, c2]: tfjs.Tensor[], x: tfjs.Tensor4D, targets: tfjs.Tensor) => {
    const n = x.shape[0];
    let h = tf.relu(tf.add(tf.conv2d(x, w1 as tfjs.Tensor4D, 1, 'valid'), b1!));
    h = tf.relu(tf.add(tf.conv2d(h as tfjs.Tensor4D, w2 as tfjs.Tensor4D, 1, 'valid'), b2!));
    const pooled = tf.maxPool(h as tfjs.Tensor4D, 2, 2, 'valid');
    let v = tf.reshape(tf.transpose(pooled, [0, 3, 1, 2]), [n, 64 * p * p]);
    v = tf.relu(tf.add(tf.matMul(v, f1!, false, true), c1!));
    const logProbs = tf.logSoftmax(tf.add(tf.matMul(v, f2!, false, true), c2!));
    return tf.mul(tf.sum(tf.mul(logProbs, targets)), -1 / n) as tfjs.Scalar;
  };
}
