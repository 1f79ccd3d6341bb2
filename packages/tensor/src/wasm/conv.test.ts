// The WebAssembly conv2d and its input and weight gradients against the TypeScript kernels (the reference) on
// listed and random geometries: odd and prime sizes, 1x1 and non-square kernels, strides, dilation, asymmetric
// padding, groups and depthwise, blocks of images per GEMM, permuted inputs, bias, and the Winograd path of 3x3
// stride-1 convolutions with many channels (its transforms are exact on these data too). Small integer data keep
// every sum exact: results must be equal, on 1 thread and on 2 (every conv split across both).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RandomConv, randomConvs } from '../../test/conv-geometries.js';
import { smallIntegers } from '../../test/small-integers.js';
import { setBackend, startThreads } from '../backend.js';
import type { Kernels } from '../kernel-interface.js';
import { jsKernels } from '../kernels/index.js';
import { conv2dBackwardInput, conv2dBackwardWeight, conv2d as conv2dOp } from '../ops/conv.js';
import { fromTypedArray } from '../ops/creation.js';
import { cat } from '../ops/indexing.js';
import { randn } from '../ops/random.js';
import type { Conv2dGeometry } from '../plan/conv.js';
import { Generator } from '../random/generator.js';
import type { Tensor } from '../tensor.js';
import { winogradApplies, winogradWeightGradientApplies } from './conv-winograd.js';
import { wasmKernels } from './index.js';
import { wasmRuntime } from './runtime/instance.js';
import { getNumThreads, setNumThreads } from './runtime/threads.js';

/** Deterministic small integers in [-3, 3]. */
const integers = (n: number, seed: number) => smallIntegers(n, seed, 3);

/** A case: a random geometry's fields with its channel counts in all rather than per group. */
type ConvCase = Omit<RandomConv, 'cg' | 'og' | 'seed'> & { inChannels: number; outChannels: number };

function geometry(c: ConvCase): Conv2dGeometry {
  const out = (size: number, lo: number, hi: number, k: number, s: number, d: number) =>
    Math.floor((size + lo + hi - d * (k - 1) - 1) / s) + 1;
  return {
    batch: c.batch,
    inChannels: c.inChannels,
    height: c.height,
    width: c.width,
    outChannels: c.outChannels,
    groups: c.groups,
    kernelH: c.kernel[0],
    kernelW: c.kernel[1],
    outH: out(c.height, c.padding[0], c.padding[1], c.kernel[0], c.stride[0], c.dilation[0]),
    outW: out(c.width, c.padding[2], c.padding[3], c.kernel[1], c.stride[1], c.dilation[1]),
    strideH: c.stride[0],
    strideW: c.stride[1],
    padTop: c.padding[0],
    padLeft: c.padding[2],
    dilationH: c.dilation[0],
    dilationW: c.dilation[1],
  };
}

/** A case's operands from `seed`, each at an offset into its array; the input NCHW or channels-last. */
function operands(c: ConvCase, seed: number) {
  const g = geometry(c);
  const { batch: n, inChannels: ch, height: h, width: w } = c;
  const strides: [number, number, number, number] = c.channelsLast
    ? [h * w * ch, 1, w * ch, ch]
    : [ch * h * w, h * w, w, 1];
  const images = {
    data: integers(2 + n * ch * h * w, seed),
    offset: 2,
    shape: [n, ch, h, w] as const,
    strides,
  };
  const weightSize = g.outChannels * (ch / c.groups) * g.kernelH * g.kernelW;
  const weights = { data: integers(3 + weightSize, seed + 1), offset: 3, version: null };
  const biases = c.bias ? { data: integers(1 + 2 * g.outChannels, seed + 2), offset: 1, stride: 2 } : null;
  const [oc, oh, ow] = [g.outChannels, g.outH, g.outW];
  const gradOutput = {
    data: integers(1 + n * oc * oh * ow, seed + 3),
    offset: 1,
    shape: [n, oc, oh, ow] as const,
    strides: (c.channelsLast ? [oh * ow * oc, 1, ow * oc, oc] : [oc * oh * ow, oh * ow, ow, 1]) as [
      number,
      number,
      number,
      number,
    ],
  };
  return { g, images, weights, biases, gradOutput, weightSize };
}

/** What both backends give for `run` into an array of `size` floats: [WebAssembly, TypeScript]. */
function onBoth(size: number, run: (k: Kernels, out: Float32Array) => void): [Float32Array, Float32Array] {
  const want = new Float32Array(size).fill(Number.NaN);
  const got = new Float32Array(size).fill(Number.NaN);
  run(jsKernels, want);
  run(wasmKernels(wasmRuntime()!), got);
  return [got, want];
}

/** Both kernels' outputs for one case (inputs from `seed`). */
function outputs(c: ConvCase, seed: number): [Float32Array, Float32Array] {
  const { g, images, weights, biases } = operands(c, seed);
  return onBoth(c.batch * g.outChannels * g.outH * g.outW, (k, out) =>
    k.conv2d(g, images, weights, biases, out),
  );
}

/** Both kernels' input gradients, then both weight gradients, for one case. */
function gradients(c: ConvCase, seed: number): [Float32Array, Float32Array][] {
  const { g, images, weights, gradOutput, weightSize } = operands(c, seed);
  return [
    onBoth(c.batch * c.inChannels * c.height * c.width, (k, out) =>
      k.conv2dBackwardInput(g, gradOutput, weights, out),
    ),
    onBoth(weightSize, (k, out) => k.conv2dBackwardWeight(g, gradOutput, images, out)),
  ];
}

const base: ConvCase = {
  batch: 1,
  inChannels: 3,
  height: 11,
  width: 13,
  outChannels: 5,
  groups: 1,
  kernel: [3, 3],
  stride: [1, 1],
  padding: [1, 1, 1, 1],
  dilation: [1, 1],
  bias: false,
  channelsLast: false,
};

const CASES: [string, Partial<ConvCase>][] = [
  ['3x3, padding 1', {}],
  ['1x1, no padding (GEMM on the image in place)', { kernel: [1, 1], padding: [0, 0, 0, 0], batch: 2 }],
  [
    'a single pixel and a single channel',
    { inChannels: 1, outChannels: 1, height: 1, width: 1, kernel: [1, 1], padding: [0, 0, 0, 0] },
  ],
  [
    '3x5 kernel, stride 2x1, dilation 1x2, asymmetric padding, groups 3',
    {
      batch: 3,
      inChannels: 6,
      outChannels: 9,
      height: 17,
      width: 17,
      groups: 3,
      kernel: [3, 5],
      stride: [2, 1],
      dilation: [1, 2],
      padding: [2, 0, 1, 3],
    },
  ],
  ['depthwise 3x3', { batch: 2, inChannels: 8, outChannels: 8, groups: 8, height: 9, width: 10 }],
  [
    'depthwise 5x3, stride 2x3, dilation 2x1, asymmetric padding, bias',
    {
      batch: 3,
      inChannels: 6,
      outChannels: 6,
      groups: 6,
      height: 13,
      width: 17,
      kernel: [5, 3],
      stride: [2, 3],
      dilation: [2, 1],
      padding: [2, 1, 0, 2],
      bias: true,
    },
  ],
  [
    'depthwise on a channels-last input',
    {
      batch: 2,
      inChannels: 5,
      outChannels: 5,
      groups: 5,
      height: 7,
      width: 9,
      channelsLast: true,
      bias: true,
    },
  ],
  [
    'channel multiplier 2 (not depthwise: GEMM per group)',
    { inChannels: 4, outChannels: 8, groups: 4, height: 6, width: 7 },
  ],
  [
    '7x7 stride 2 stem with bias, prime sizes',
    {
      inChannels: 3,
      outChannels: 7,
      height: 61,
      width: 59,
      kernel: [7, 7],
      stride: [2, 2],
      padding: [3, 3, 3, 3],
      bias: true,
    },
  ],
  [
    'several images per GEMM (7x7 maps), bias',
    { batch: 5, inChannels: 16, outChannels: 33, height: 7, width: 7, bias: true },
  ],
  [
    'a batch larger than a block, groups 2',
    { batch: 9, inChannels: 8, outChannels: 10, height: 4, width: 4, groups: 2 },
  ],
  [
    'channels-last input read through its strides',
    { batch: 2, inChannels: 5, outChannels: 4, channelsLast: true, height: 8, width: 6 },
  ],
  [
    'deep: k > 256 and m > 120 (several cache blocks)',
    { inChannels: 40, outChannels: 131, height: 6, width: 5 },
  ],
  ['wide: n > 512 columns', { inChannels: 2, outChannels: 4, height: 29, width: 31 }],
  [
    'Winograd (3x3 stride 1, 64+ channels): odd sizes, bias',
    { batch: 2, inChannels: 64, outChannels: 72, height: 9, width: 11, bias: true },
  ],
  [
    'Winograd: asymmetric padding on a 7x7 map',
    { inChannels: 64, outChannels: 64, height: 7, width: 7, padding: [0, 2, 2, 0] },
  ],
  [
    'Winograd: 2 groups of 64 channels (per-sample weight gradients fold into groups)',
    { batch: 2, inChannels: 128, outChannels: 128, groups: 2, height: 6, width: 9 },
  ],
  [
    'Winograd: no padding, channels-last input',
    {
      batch: 3,
      inChannels: 80,
      outChannels: 64,
      height: 8,
      width: 13,
      padding: [0, 0, 0, 0],
      channelsLast: true,
    },
  ],
];

/** Cases only the gradients take: geometries whose transposed convolution crops or leaves pixels unread. */
const GRADIENT_CASES: [string, Partial<ConvCase>][] = [
  [
    'padding beyond the kernel (the gradient is cropped before its transposed conv)',
    { kernel: [1, 2], padding: [3, 2, 0, 3], height: 4, width: 5 },
  ],
  [
    'a stride that never reads the last rows and columns (their gradient is 0)',
    { height: 10, width: 11, kernel: [2, 2], stride: [3, 3], padding: [0, 0, 0, 0] },
  ],
  ['an empty batch', { batch: 0 }],
  ['an empty batch, stride 2', { batch: 0, stride: [2, 2] }],
];

/** Random geometries with an output, and a seed for their data. */
const randomCases = randomConvs.map(({ seed, cg, og, ...r }) => {
  const c: ConvCase = { ...r, inChannels: cg * r.groups, outChannels: og * r.groups };
  return { c, seed };
});

describe.each([1, 2])(
  'WebAssembly conv2d and its gradients on %i thread(s) equal the TypeScript kernels',
  (threads) => {
    const before = getNumThreads();
    beforeAll(async () => {
      setNumThreads(threads, { minWorkPerThread: 0 });
      expect(await startThreads()).toBe(threads);
    });
    afterAll(() => setNumThreads(before));

    for (const [name, overrides] of CASES) {
      it(name, () => {
        expect(winogradApplies(geometry({ ...base, ...overrides }))).toBe(name.startsWith('Winograd'));
        const [got, want] = outputs({ ...base, ...overrides }, name.length);
        expect(got).toEqual(want);
      });
    }

    for (const [name, overrides] of [...CASES, ...GRADIENT_CASES]) {
      it(`gradients: ${name}`, () => {
        const winograd = winogradWeightGradientApplies(geometry({ ...base, ...overrides }));
        expect(winograd).toBe(name.startsWith('Winograd'));
        for (const [got, want] of gradients({ ...base, ...overrides }, name.length))
          expect(got).toEqual(want);
      });
    }

    it('on random geometries', () => {
      fc.assert(
        fc.property(randomCases, ({ c, seed }) => {
          const [got, want] = outputs(c, seed);
          expect(got).toEqual(want);
        }),
        { numRuns: 150 },
      );
    });

    it('gradients on random geometries', () => {
      fc.assert(
        fc.property(randomCases, ({ c, seed }) => {
          for (const [got, want] of gradients(c, seed)) expect(got).toEqual(want);
        }),
        { numRuns: 150 },
      );
    });

    if (threads === 2) {
      it('hands part of a conv to the helper thread', () => {
        const pool = wasmRuntime()!.pool!;
        const run = vi.spyOn(pool, 'run');
        outputs({ ...base, batch: 2 }, 7);
        expect(run).toHaveBeenCalledOnce();
        expect(run.mock.calls[0]![0]).toHaveLength(2);
        run.mockRestore();
      });
    }
  },
);

describe('Winograd transformed weights', () => {
  it('are reused while the weight keeps its version and recomputed after an in-place write', () => {
    const x = fromTypedArray(integers(2 * 64 * 8 * 8, 1), [2, 64, 8, 8]);
    const w = fromTypedArray(integers(64 * 64 * 9, 2), [64, 64, 3, 3]);
    const onJs = (f: () => Tensor) => {
      setBackend('js');
      try {
        return f().toTypedArray();
      } finally {
        setBackend('wasm');
      }
    };
    const conv = () => conv2dOp(x, w, null, { padding: 1 });
    const first = conv().toTypedArray();
    expect(first).toEqual(onJs(conv));
    expect(conv().toTypedArray()).toEqual(first);
    w.mul_(-2);
    expect(conv().toTypedArray()).toEqual(onJs(conv));
    expect(conv().toTypedArray()).toEqual(first.map((v) => -2 * v + 0)); // + 0: the sums give +0, not -0
  });
});

describe('a grouped conv and its gradients equal their groups run apart, bit for bit (as vmap needs)', () => {
  for (const channels of [8, 64]) {
    const generator = new Generator().manualSeed(channels);
    const x = randn([2, 2 * channels, 7, 9], { generator });
    const w = randn([2 * channels, channels, 3, 3], { generator });
    const dy = randn([2, 2 * channels, 7, 9], { generator });
    const options = { padding: 1 };
    const part = (t: Tensor, dim: number, g: number) => t.narrow(dim, g * channels, channels);
    const path = channels >= 64 ? 'Winograd' : 'direct';

    it(`${channels} channels per group (${path})`, () => {
      const grouped = conv2dOp(x, w, null, { ...options, groups: 2 });
      const apart = [0, 1].map((g) => conv2dOp(part(x, 1, g), part(w, 0, g), null, options));
      expect(grouped.toTypedArray()).toEqual(cat(apart, 1).toTypedArray());
    });

    it(`gradients, ${channels} channels per group (${path})`, () => {
      const input = conv2dBackwardInput(dy, w, [7, 9], { ...options, groups: 2 });
      const inputApart = [0, 1].map((g) =>
        conv2dBackwardInput(part(dy, 1, g), part(w, 0, g), [7, 9], options),
      );
      expect(input.toTypedArray()).toEqual(cat(inputApart, 1).toTypedArray());
      const weight = conv2dBackwardWeight(dy, x, [3, 3], { ...options, groups: 2 });
      const weightApart = [0, 1].map((g) =>
        conv2dBackwardWeight(part(dy, 1, g), part(x, 1, g), [3, 3], options),
      );
      expect(weight.toTypedArray()).toEqual(cat(weightApart, 0).toTypedArray());
    });
  }
});
