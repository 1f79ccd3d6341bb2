// Random conv2d geometries for the conv tests (src/ops/conv.test.ts, src/wasm/conv.test.ts): batch, groups of
// channels, sizes, kernel, stride, per-side padding, dilation, bias, the input's layout and a seed for the data,
// kept where the kernel fits in the padded input.
import fc from 'fast-check';

export interface RandomConv {
  batch: number;
  groups: number;
  /** Input and output channels per group. */
  cg: number;
  og: number;
  height: number;
  width: number;
  kernel: [number, number];
  stride: [number, number];
  /** [top, bottom, left, right] */
  padding: [number, number, number, number];
  dilation: [number, number];
  bias: boolean;
  /** Whether the input is stored channels-last (NHWC) and read through permuted strides. */
  channelsLast: boolean;
  seed: number;
}

const int = (min: number, max: number) => fc.integer({ min, max });
const pair = (min: number, max: number) => fc.tuple(int(min, max), int(min, max));

/** Whether the kernel's dilated extent fits in the padded input along both spatial dims. */
export function kernelFits({ height, width, kernel, padding, dilation }: RandomConv): boolean {
  return (
    height + padding[0] + padding[1] >= dilation[0] * (kernel[0] - 1) + 1 &&
    width + padding[2] + padding[3] >= dilation[1] * (kernel[1] - 1) + 1
  );
}

export const randomConvs: fc.Arbitrary<RandomConv> = fc
  .record({
    batch: int(1, 7), // several images per GEMM block, and a partial last block
    groups: int(1, 3),
    cg: int(1, 4),
    og: int(1, 5),
    height: int(1, 12),
    width: int(1, 12),
    kernel: pair(1, 4),
    stride: pair(1, 3),
    padding: fc.tuple(int(0, 3), int(0, 3), int(0, 3), int(0, 3)),
    dilation: pair(1, 3),
    bias: fc.boolean(),
    channelsLast: fc.boolean(),
    seed: int(0, 1 << 20),
  })
  .filter(kernelFits);
