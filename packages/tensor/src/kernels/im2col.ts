// im2col: unfold the receptive fields of one image into the columns of a matrix, so a convolution becomes one
// GEMM (Caffe's `im2col_cpu`, PyTorch's `Unfold`). Plain loops over a strided float32 image; no Tensor here.

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

/** Where one image sits in memory, and its windows. */
export interface Im2colGeometry extends WindowGeometry {
  channels: number;
  height: number;
  width: number;
  /** Strides of the image's channel, row and column dims, in elements. */
  channelStride: number;
  rowStride: number;
  colStride: number;
}

/**
 * Writes the contiguous matrix `cols[(c * kernelH + i) * kernelW + j, y * outW + x]`, of
 * channels*kernelH*kernelW rows and outH*outW columns, equal to the image at row
 * `y * strideH - padTop + i * dilationH` and column `x * strideW - padLeft + j * dilationW` (0 outside it).
 * `x` is read from `off`, `cols` written from 0.
 */
export function im2col(g: Im2colGeometry, x: Float32Array, off: number, cols: Float32Array): void {
  const { outH, outW, strideH, strideW, colStride } = g;
  let o = 0;
  for (let c = 0; c < g.channels; c++) {
    for (let i = 0; i < g.kernelH; i++) {
      for (let j = 0; j < g.kernelW; j++) {
        // columns x in [xLo, xHi) read inside the image; the others are padding
        const left = j * g.dilationW - g.padLeft;
        const xLo = Math.min(outW, Math.max(0, Math.ceil(-left / strideW)));
        const xHi = Math.max(xLo, Math.min(outW, Math.ceil((g.width - left) / strideW)));
        for (let y = 0; y < outH; y++) {
          const row = y * strideH - g.padTop + i * g.dilationH;
          if (row < 0 || row >= g.height) {
            cols.fill(0, o, o + outW);
            o += outW;
            continue;
          }
          cols.fill(0, o, o + xLo);
          let at = off + c * g.channelStride + row * g.rowStride + (xLo * strideW + left) * colStride;
          const step = strideW * colStride;
          for (let xi = xLo; xi < xHi; xi++, at += step) cols[o + xi] = x[at]!;
          cols.fill(0, o + xHi, o + outW);
          o += outW;
        }
      }
    }
  }
}
