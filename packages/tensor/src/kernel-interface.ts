// The kernel interface: the operand records kernels take (matrix views, image batches, weights with their storage
// version) and `Kernels`, the kernels whose implementation depends on the backend. kernels/ (TypeScript) and wasm/
// (WebAssembly) each implement it; backend.ts picks one. No Tensor here.
import type { TypedArray } from './dtype.js';
import type { BinaryRow, UnaryRow } from './kernels/elementwise.js';
import type { BinaryKernel } from './kernels/elementwise-binary.js';
import type { UnaryKernel } from './kernels/elementwise-unary.js';
import type { Conv2dGeometry } from './plan/conv.js';

/** A float32 matrix read through strides: element (i, j) is `data[offset + i * rowStride + j * colStride]`. */
export interface MatrixView {
  readonly data: Float32Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * A matrix whose element offsets split into a row part and a column part: element (p, j) is
 * `data[offset + rowOffsets[p] + colOffsets[j]]` (an im2col matrix read straight from the image).
 */
export interface IndexedMatrix {
  readonly data: Float32Array;
  readonly offset: number;
  readonly rowOffsets: Int32Array;
  readonly colOffsets: Int32Array;
}

/** The matrix a GEMM writes, unit column stride: element (i, j) is `data[offset + i * rowStride + j]`. */
export interface OutputMatrix {
  readonly data: Float32Array;
  readonly offset: number;
  readonly rowStride: number;
}

/** A batch of images [N, C, H, W] read through strides from `offset`. */
export interface ImageBatch {
  readonly data: TypedArray;
  readonly offset: number;
  readonly shape: readonly [number, number, number, number];
  readonly strides: readonly [number, number, number, number];
}

/** The window of a pooling or depthwise kernel; every field is a [height, width] pair. */
export interface PoolWindow {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
}

/**
 * Contiguous OIHW convolution weights, and the version of the storage they live in (null for a temporary
 * array): a backend may keep a transformed copy of them while that version holds.
 */
export interface ConvWeights {
  readonly data: Float32Array;
  readonly offset: number;
  readonly version: number | null;
}

/** A float32 vector read through a stride (a bias): element i is `data[offset + i * stride]`. */
export interface VectorView {
  readonly data: Float32Array;
  readonly offset: number;
  readonly stride: number;
}

/** A strided view of `data` seen as groups: `outer` dims pick a group, `inner` dims walk its elements. */
export interface GroupedView {
  readonly data: TypedArray;
  readonly offset: number;
  readonly outerShape: readonly number[];
  readonly outerStrides: readonly number[];
  readonly innerShape: readonly number[];
  readonly innerStrides: readonly number[];
}

/** Where a grouped map writes: the output's storage seen through the same outer/inner split as the input. */
export interface GroupedOutput {
  readonly data: Float32Array;
  readonly offset: number;
  readonly outerStrides: readonly number[];
  readonly innerStrides: readonly number[];
}

/** The kernels whose implementation depends on the backend; every other kernel is the TypeScript one on both. */
export interface Kernels {
  /**
   * C (=|+=) A B for A m x k, B k x n: C is overwritten (its old values, NaN included, ignored) unless
   * `accumulate`; C must not overlap A or B. k = 0 gives zeros (or leaves C unchanged).
   */
  gemm(
    m: number,
    n: number,
    k: number,
    a: MatrixView,
    b: MatrixView,
    c: OutputMatrix,
    accumulate: boolean,
  ): void;
  /**
   * out[n, o, y, x] = bias[o] + sum over c, i, j of input[n, g*cg + c, y*sH - padTop + i*dH, x*sW - padLeft + j*dW]
   * * weight[o, c, i, j] (input elements outside the image are zero), `out` contiguous NCHW.
   */
  conv2d(
    g: Conv2dGeometry,
    input: ImageBatch,
    weight: ConvWeights,
    bias: VectorView | null,
    out: Float32Array,
  ): void;
  /**
   * The gradient of conv2d's input (a transposed convolution): out[n, g*cg + c, y, x] = sum over o < og, i, j of
   * gradOutput[n, g*og + o, yo, xo] * weight[g*og + o, c, i, j] where y = yo*sH - padTop + i*dH and
   * x = xo*sW - padLeft + j*dW, `out` contiguous NCHW (pixels no window reads get 0).
   */
  conv2dBackwardInput(
    g: Conv2dGeometry,
    gradOutput: ImageBatch,
    weight: ConvWeights,
    out: Float32Array,
  ): void;
  /**
   * The gradient of conv2d's weight: out[g*og + o, c, i, j] = sum over n, yo, xo of gradOutput[n, g*og + o, yo, xo]
   * * input[n, g*cg + c, yo*sH - padTop + i*dH, xo*sW - padLeft + j*dW] (zero outside the image), `out`
   * contiguous OIHW.
   */
  conv2dBackwardWeight(g: Conv2dGeometry, gradOutput: ImageBatch, input: ImageBatch, out: Float32Array): void;
  /** Max over each window into the contiguous `out`, padding never chosen; a nan in a window is the result. */
  maxPool2d(x: ImageBatch, outH: number, outW: number, w: PoolWindow, out: Float32Array): void;
  /**
   * out[g, i] = x[g, i] * scale[g] + shift[g], then `* weight[i] + bias[i]` when given (row-major over the inner
   * dims), in float64 with one rounding.
   */
  affineByGroup(
    x: GroupedView,
    out: GroupedOutput,
    scale: Float64Array,
    shift: Float64Array,
    weight: TypedArray | null,
    bias: TypedArray | null,
  ): void;
  /** The row kernel of a unary elementwise op. */
  unaryRow(kernel: UnaryKernel): UnaryRow;
  /** The row kernel of a binary elementwise op. */
  binaryRow(kernel: BinaryKernel): BinaryRow;
}
