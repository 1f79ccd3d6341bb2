// Implicit im2col: offset tables locating each element of a convolution's unfolded matrix (Caffe's
// `im2col_cpu`, PyTorch's `Unfold`) in the image, so GEMM packs its panels straight from it. No Tensor here.

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

/**
 * The [height, width] of the image with its padding: padTop + height rows, or as many as the windows reach
 * (bottom padding), and likewise for columns. Equal to [height, width] when the conv needs no padding.
 */
export function paddedSize(g: WindowGeometry, height: number, width: number): [number, number] {
  const reachH = (g.outH - 1) * g.strideH + (g.kernelH - 1) * g.dilationH + 1;
  const reachW = (g.outW - 1) * g.strideW + (g.kernelW - 1) * g.dilationW + 1;
  return [Math.max(g.padTop + height, reachH), Math.max(g.padLeft + width, reachW)];
}
