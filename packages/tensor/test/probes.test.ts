// What adversarial probes found, kept fixed: wrong-typed and out-of-range arguments get @bn's own errors (naming the
// function, the argument, what was expected and what came) and change nothing; data that used to be silently wrong
// (typed arrays read as bool, wrapped int32s, 24-bit randint, a stale Winograd cache, float64 sums hiding a float32
// overflow) is right.
import { describe, expect, it } from 'vitest';
import {
  ArgumentTypeError,
  abs,
  add,
  BnError,
  batchNorm,
  cat,
  clamp,
  conv2d,
  DTypeError,
  exp,
  flip,
  fromTypedArray,
  full,
  gather,
  getBackend,
  layerNorm,
  linear,
  matmul,
  maxPool2d,
  mul,
  RuntimeError,
  randint,
  randn,
  relu,
  reshape,
  ShapeError,
  Storage,
  setBackend,
  softmax,
  sum,
  Tensor,
  tensor,
  ValueError,
  zeros,
} from '../src/index.js';

const x = () => tensor([1, 2, 3]);

describe('bad arguments', () => {
  const cases: [string, () => unknown, new (m: string) => BnError, string][] = [
    [
      'add(x, "a")',
      () => add(x(), 'a' as never),
      ArgumentTypeError,
      "add(): argument 'other' must be a Tensor, a number or a boolean, but got a string",
    ],
    [
      'add(x, 10n)',
      () => add(x(), 10n as never),
      ArgumentTypeError,
      "add(): argument 'other' must be a Tensor, a number or a boolean, but got a bigint",
    ],
    [
      'add(x, null)',
      () => add(x(), null as never),
      ArgumentTypeError,
      "add(): argument 'other' must be a Tensor, a number or a boolean, but got null",
    ],
    [
      'mul(x, "2")',
      () => mul(x(), '2' as never),
      ArgumentTypeError,
      "mul(): argument 'other' must be a Tensor",
    ],
    [
      'clamp(x, "a")',
      () => clamp(x(), 'a' as never),
      ArgumentTypeError,
      "clamp(): argument 'min' must be a number, but got a string",
    ],
    [
      'full([2], "x")',
      () => full([2], 'x' as never),
      ArgumentTypeError,
      "full(): argument 'fill_value' must be a number or a boolean, but got a string",
    ],
    [
      'zeros("abc")',
      () => zeros('abc' as never),
      ArgumentTypeError,
      "zeros(): argument 'size' must be an array of integers, but got a string",
    ],
    [
      'randn([2], { generator: 5 })',
      () => randn([2], { generator: 5 as never }),
      ArgumentTypeError,
      "randn(): argument 'generator' must be a Generator, but got a number",
    ],
    [
      'cat([x, 5])',
      () => cat([x(), 5 as never]),
      ArgumentTypeError,
      "cat(): argument 'tensors[1]' must be a Tensor, but got a number",
    ],
    [
      'exp("x")',
      () => exp('x' as never),
      ArgumentTypeError,
      "exp(): argument 'input' must be a Tensor, but got a string",
    ],
    [
      'relu(null)',
      () => relu(null as never),
      ArgumentTypeError,
      "relu(): argument 'input' must be a Tensor, but got null",
    ],
    [
      'sum("a")',
      () => sum('a' as never),
      ArgumentTypeError,
      "sum(): argument 'input' must be a Tensor, but got a string",
    ],
    [
      'conv2d(null, w)',
      () => conv2d(null as never, zeros([1, 1, 1, 1])),
      ArgumentTypeError,
      "conv2d(): argument 'input' must be a Tensor, but got null",
    ],
    [
      'maxPool2d(x, { kernelSize: 3 })',
      () => maxPool2d(zeros([1, 2, 4, 4]), { kernelSize: 3 } as never),
      ArgumentTypeError,
      "maxPool2d(): argument 'kernel_size' must be an array of integers, but got an Object",
    ],
    [
      'zeros([1e9, 1e9])',
      () => zeros([1e9, 1e9]),
      RuntimeError,
      'not enough memory: you tried to allocate 4000000000000000000 bytes',
    ],
    [
      'conv2d with padding 1e6',
      () => conv2d(zeros([1, 1, 2, 2]), zeros([1, 1, 1, 1]), null, { padding: 1e6 }),
      RuntimeError,
      'not enough memory',
    ],
    [
      'fromTypedArray(Float32Array(3), [2, 2])',
      () => fromTypedArray(new Float32Array(3), [2, 2]),
      ShapeError,
      'fromTypedArray(): shape [2, 2] needs 4 values, but the array has 3',
    ],
    [
      'fromTypedArray(Float64Array)',
      () => fromTypedArray(new Float64Array(2) as never, [2]),
      DTypeError,
      'but got a Float64Array; tensor(data) converts other typed arrays',
    ],
    [
      'fromStorage past the end',
      () => Tensor.fromStorage(new Storage(new Float32Array(4)), [2, 2], [3, 1]),
      RuntimeError,
      'reaches elements 0..4, out of bounds for a storage of 4 elements',
    ],
    [
      'slice(0, 0.5, 3)',
      () => x().slice(0, 0.5, 3),
      ValueError,
      "slice(): argument 'start' must be an integer, but got 0.5",
    ],
    [
      'a 0x0 conv kernel',
      () => conv2d(zeros([1, 3, 4, 4]), zeros([2, 3, 0, 0])),
      ValueError,
      'conv2d(): kernel size should be greater than zero',
    ],
    [
      'tensor([2 ** 40], int32)',
      () => tensor([2 ** 40], { dtype: 'int32' }),
      ValueError,
      'tensor(): value cannot be converted to type int32 without overflow (got 1099511627776)',
    ],
    [
      'tensor(BigInt64Array)',
      () => tensor(new BigInt64Array(2)),
      DTypeError,
      'tensor(): a BigInt64Array is not supported (@bn has no int64)',
    ],
    [
      'randint(0, 2 ** 32)',
      () => randint(0, 2 ** 32, [2]),
      ValueError,
      'randint(): expected integers -2^31 <= low < high <= 2^31',
    ],
    [
      'batchNorm with a NaN momentum',
      () => batchNorm(zeros([2, 3]), zeros([3]), zeros([3]), { training: true, momentum: Number.NaN }),
      ValueError,
      'batchNorm(): expected momentum to be a finite number or null, but got NaN',
    ],
  ];
  for (const [name, call, type, message] of cases) {
    it(name, () => {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
      expect(call).toThrow(BnError);
    });
  }

  it('a refused in-place op leaves its target as it was', () => {
    const t = x();
    const version = t.storage.version;
    expect(() => t.add_('a' as never)).toThrow(ArgumentTypeError);
    expect(() => t.fill_(undefined as never)).toThrow(ArgumentTypeError);
    expect(() => t.int().fill_(2 ** 40)).toThrow(
      'fill_(): value cannot be converted to type int32 without overflow',
    );
    expect(t.toArray()).toEqual([1, 2, 3]);
    expect(t.storage.version).toBe(version);
  });

  it('the public functions that take tensors check them', () => {
    // every op here refuses a string where its first tensor goes, with @bn's error
    const ops: ((...args: never[]) => unknown)[] = [
      abs,
      softmax,
      matmul,
      linear,
      gather,
      flip,
      reshape,
      layerNorm,
    ];
    for (const op of ops) {
      expect(() => (op as (...a: unknown[]) => unknown)('x', 0, 0), op.name).toThrow(ArgumentTypeError);
    }
  });
});

describe('data that was silently wrong', () => {
  it('tensor() converts Float64Array and the integer arrays instead of reading them as bool', () => {
    const f = tensor(new Float64Array([1.5, 2, -0.25]));
    expect([f.dtype, f.toArray()]).toEqual(['float32', [1.5, 2, -0.25]]);
    for (const data of [new Int16Array([-3, 300]), new Int8Array([-3, 100]), new Uint16Array([7, 65535])]) {
      const t = tensor(data);
      expect([t.dtype, t.toArray()]).toEqual(['int32', Array.from(data)]);
    }
    expect(tensor(new Uint32Array([5])).toArray()).toEqual([5]);
    expect(() => tensor(new Uint32Array([2 ** 32 - 1]))).toThrow('without overflow');
  });

  it('zeros(5) is a 1-d tensor of five zeros, as torch.zeros(5)', () => {
    expect(zeros(5).toArray()).toEqual([0, 0, 0, 0, 0]);
    expect(randn(3).shape).toEqual([3]);
  });

  it('tensor(data, { dtype }) takes the options in place of the shape', () => {
    const t = tensor([1, 2], { dtype: 'int32' });
    expect([t.dtype, t.shape]).toEqual(['int32', [2]]);
  });

  it('randint draws every integer of a wide range, not only multiples of 128', () => {
    const values = Array.from(randint(0, 2 ** 31, [2000]).toTypedArray());
    expect(values.every((v) => v >= 0 && v < 2 ** 31)).toBe(true);
    expect(values.filter((v) => v % 128 !== 0).length).toBeGreaterThan(1900);
    const full32 = Array.from(randint(-(2 ** 31), 2 ** 31, [2000]).toTypedArray());
    expect(full32.some((v) => v < 0) && full32.some((v) => v > 0)).toBe(true);
  });

  it('a float32 overflow inside a product shows on both backends, as in PyTorch', () => {
    const before = getBackend();
    try {
      for (const backend of ['js', 'wasm'] as const) {
        setBackend(backend);
        expect(matmul(tensor([1e30, -1e30]), tensor([1e30, 1e30])).item(), backend).toBeNaN();
        expect(matmul(tensor([[3e38, 3e38]]), tensor([[1], [1]])).item(), backend).toBe(
          Number.POSITIVE_INFINITY,
        );
        // a 12 x 24 by 24 x 12 product takes the blocked path on both: +inf and -inf products make nan
        const big = full([12, 24], 1e20);
        const alternating = tensor(
          Array.from({ length: 24 * 12 }, (_, i) => (Math.floor(i / 12) % 2 === 0 ? 1e20 : -1e20)),
          [24, 12],
        );
        expect(Number.isNaN(matmul(big, alternating).toTypedArray()[0]!), backend).toBe(true);
      }
    } finally {
      setBackend(before);
    }
  });

  it("conv2d's transformed weights are not reused after the caller changes an array it gave fromTypedArray", () => {
    // 64 channels in and out, 3x3, stride 1, an 8x8 output: the shape that takes Winograd on WebAssembly
    const data = Float32Array.from({ length: 64 * 64 * 9 }, (_, i) => ((i * 7) % 11) - 5);
    const weight = fromTypedArray(data, [64, 64, 3, 3]);
    const input = tensor(
      Array.from({ length: 64 * 8 * 8 }, (_, i) => ((i * 5) % 7) - 3),
      [1, 64, 8, 8],
    );
    const first = conv2d(input, weight, null, { padding: 1 });
    data.fill(1); // written by the caller, outside @bn: the storage version does not move
    const second = conv2d(input, weight, null, { padding: 1 });
    const fresh = conv2d(input, tensor(data, [64, 64, 3, 3]), null, { padding: 1 });
    expect(second.toArray()).toEqual(fresh.toArray());
    expect(second.toArray()).not.toEqual(first.toArray());
  });
});
