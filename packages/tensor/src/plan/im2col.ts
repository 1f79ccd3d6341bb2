// Implicit im2col: offset tables locating each element of a convolution's unfolded matrix (Caffe's
// `im2col_cpu`, PyTorch's `Unfold`) in the image, so GEMM packs its panels straight from it; and col2im, its
// adjoint (PyTorch's `Fold`), which adds an unfolded matrix back into the image through the same tables.
// No Tensor here.

/** How windows are laid over an image: kernel, output size, stride, padding and dilation per spatial dim. */
export interface WindowGeometry {
  kernelH: number;
  kernelW: number;
  outH: number;
  outW: number;
  strideH: number;
  strideW: number;
  /** Zero rows above and zero columns left of the image (the bottom/right padding only shapes outH/outW). */
  padTop: number;
  padLeft: number;
  dilationH: number;
  dilationW: number;
}

/** Strides of an image's channel, row and column dims, in elements. */
export type ImageStrides = readonly [channel: number, row: number, col: number];

/**
 * Fills the tables of the unfolded matrix of `channels` channels: its element
 * ((c * kernelH + i) * kernelW + j, y * outW + x) is the image element at `rows[...] + cols[...]` from the
 * image's [0, 0, 0], that is channel c, row y * strideH + i * dilationH, column x * strideW + j * dilationW.
 * The padding is not applied: the image must already hold it, every window inside it from its top-left corner.
 * `rows` needs channels * kernelH * kernelW entries, `cols` outH * outW.
 */
export function im2colOffsets(
  g: WindowGeometry,
  channels: number,
  [sc, sh, sw]: ImageStrides,
  rows: Int32Array,
  cols: Int32Array,
): void {
  let p = 0;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < g.kernelH; i++) {
      for (let j = 0; j < g.kernelW; j++) rows[p++] = c * sc + i * g.dilationH * sh + j * g.dilationW * sw;
    }
  }
  let q = 0;
  for (let y = 0; y < g.outH; y++) {
    for (let x = 0; x < g.outW; x++) cols[q++] = y * g.strideH * sh + x * g.strideW * sw;
  }
}

/** The column table of `block` images side by side, `imageStride` apart: image b's pixel q at b * pixels.length + q. */
export function blockColumns(pixels: Int32Array, block: number, imageStride: number): Int32Array {
  const spatial = pixels.length;
  const cols = new Int32Array(block * spatial);
  for (let b = 0; b < block; b++)
    for (let q = 0; q < spatial; q++) cols[b * spatial + q] = b * imageStride + pixels[q]!;
  return cols;
}

/**
 * col2im (Caffe's `col2im_cpu`): adds element (p, j) of the rows.length x cols.length matrix stored row-major
 * in `from` at `at` into the image element at `imageAt + rows[p] + cols[j]`, so a pixel under several
 * windows receives the sum of their entries (in the order of p).
 */
export function col2im(
  from: Float32Array,
  at: number,
  rows: Int32Array,
  cols: Int32Array,
  image: Float32Array,
  imageAt: number,
): void {
  const width = cols.length;
  for (let p = 0; p < rows.length; p++) {
    const row = imageAt + rows[p]!;
    const src = at + p * width;
    for (let j = 0; j < width; j++) image[row + cols[j]!]! += from[src + j]!;
  }
}

/**
 * The [height, width] of the image with its padding: padTop + height rows, or as many as the windows reach
 * (bottom padding), and likewise for columns. Equal to [height, width] when the conv needs no padding.
 */
export function paddedSize(g: WindowGeometry, height: number, width: number): [number, number] {
  const reachH = (g.outH - 1) * g.strideH + (g.kernelH - 1) * g.dilationH + 1;
  const reachW = (g.outW - 1) * g.strideW + (g.kernelW - 1) * g.dilationW + 1;
  return [Math.max(g.padTop + height, reachH), Math.max(g.padLeft + width, reachW)];
}
