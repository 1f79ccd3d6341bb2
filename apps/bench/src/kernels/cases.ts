// The kernels suite's cases: GEMM and conv2d (NCHW, as @bn) at ResNet / RegNet shapes, the elementwise add of two
// long vectors, a batched conv for conv under vmap, their FLOP counts and the seeded inputs every implementation
// is given.
import { Generator } from '@bn/tensor';

/** [n, n] x [n, n]. */
export interface GemmCase {
  kind: 'gemm';
  name: string;
  n: number;
}

/** x [batch, inChannels, size, size] cross-correlated with weight [outChannels, inChannels / groups, kernel, kernel]. */
export interface ConvCase {
  kind: 'conv';
  name: string;
  batch: number;
  inChannels: number;
  outChannels: number;
  size: number;
  kernel: number;
  stride: number;
  padding: number;
  groups: number;
}

/** [n] + [n], both contiguous. */
export interface AddCase {
  kind: 'add';
  name: string;
  n: number;
}

export type KernelCase = GemmCase | ConvCase | AddCase;

/** The two operands (a and b, or x and weight), the same data for every implementation. */
export interface KernelInputs {
  lhs: Float32Array;
  rhs: Float32Array;
}

const gemm = (n: number): GemmCase => ({ kind: 'gemm', name: `gemm ${n}`, n });

const MEBI = 1 << 20;

const add = (n: number): AddCase => ({ kind: 'add', name: `add ${n % MEBI === 0 ? `${n / MEBI}M` : n}`, n });

const conv3x3 = (channels: number, size: number, groups = 1): ConvCase => ({
  kind: 'conv',
  name: `conv3x3 ${groups > 1 ? `g${groups} ` : ''}${channels}ch ${size}x${size}`,
  batch: 1,
  inChannels: channels,
  outChannels: channels,
  size,
  kernel: 3,
  stride: 1,
  padding: 1,
  groups,
});

const conv1x1 = (channels: number, size: number): ConvCase => ({
  kind: 'conv',
  name: `conv1x1 ${channels}ch ${size}x${size}`,
  batch: 1,
  inChannels: channels,
  outChannels: channels,
  size,
  kernel: 1,
  stride: 1,
  padding: 0,
  groups: 1,
});

/** The ResNet stem: 3 -> outChannels, 7x7, stride 2, pad 3. */
const stem = (outChannels: number, size: number): ConvCase => ({
  kind: 'conv',
  name: `conv7x7s2 stem ${size}`,
  batch: 1,
  inChannels: 3,
  outChannels,
  size,
  kernel: 7,
  stride: 2,
  padding: 3,
  groups: 1,
});

/** `c` on `batch` images at once. */
const batched = (c: ConvCase, batch: number): ConvCase => ({ ...c, name: `${c.name} b${batch}`, batch });

const FULL_CASES: KernelCase[] = [
  gemm(256),
  gemm(512),
  gemm(1024),
  conv3x3(64, 56),
  conv3x3(128, 28),
  conv3x3(256, 14),
  conv3x3(512, 7),
  stem(64, 224),
  conv3x3(104, 28, 13), // RegNet-Y-400MF stage 2: group width 8
  conv1x1(256, 28),
  batched(conv3x3(512, 2), 32), // ResNet's layer4 on a CIFAR-sized batch: 2x2 maps
  add(MEBI),
];

const QUICK_CASES: KernelCase[] = [
  gemm(16),
  gemm(33),
  conv3x3(8, 9),
  stem(8, 18),
  conv3x3(16, 9, 2),
  conv1x1(8, 9),
  batched(conv3x3(16, 2), 4),
  add(1000),
];

export const kernelCases = (quick: boolean): KernelCase[] => (quick ? QUICK_CASES : FULL_CASES);

/** The batched convolutions timed under vmap (over single images) and directly. */
export const vmapConvCases = (quick: boolean): ConvCase[] =>
  quick ? [batched(conv3x3(8, 9), 3)] : [batched(conv3x3(64, 56), 8)];

/** Height (= width) of a convolution's output. */
export const convOutputSize = (c: ConvCase): number =>
  Math.floor((c.size + 2 * c.padding - c.kernel) / c.stride) + 1;

/** Shapes of the operands and of the output, row-major / NCHW. */
export function kernelShapes(c: KernelCase): { lhs: number[]; rhs: number[]; out: number[] } {
  if (c.kind === 'gemm') return { lhs: [c.n, c.n], rhs: [c.n, c.n], out: [c.n, c.n] };
  if (c.kind === 'add') return { lhs: [c.n], rhs: [c.n], out: [c.n] };
  const out = convOutputSize(c);
  return {
    lhs: [c.batch, c.inChannels, c.size, c.size],
    rhs: [c.outChannels, c.inChannels / c.groups, c.kernel, c.kernel],
    out: [c.batch, c.outChannels, out, out],
  };
}

/**
 * FLOPs, a multiply-add counting 2: 2n^3 for GEMM, 2 * outputs * (Cin / groups) * kh * kw for a convolution, n for
 * an add of n elements (its GFLOP/s are G elements/s).
 */
export function kernelFlops(c: KernelCase): number {
  if (c.kind === 'gemm') return 2 * c.n ** 3;
  if (c.kind === 'add') return c.n;
  const outputs = c.batch * c.outChannels * convOutputSize(c) ** 2;
  return 2 * outputs * (c.inChannels / c.groups) * c.kernel ** 2;
}

const INPUT_SEED = 20240607;

const numel = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Seeded uniform [-1, 1) operands (Philox, as @bn's `rand`), the same for every run of the case. */
export function kernelInputs(c: KernelCase): KernelInputs {
  const generator = new Generator(INPUT_SEED);
  const uniform = (n: number) => Float32Array.from(generator.uniform(n), (u) => 2 * u - 1);
  const { lhs, rhs } = kernelShapes(c);
  return { lhs: uniform(numel(lhs)), rhs: uniform(numel(rhs)) };
}
