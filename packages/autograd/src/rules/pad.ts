// Backward rule of @bn/tensor's `ops/pad.ts` primitive: constant padding's cotangent is the opposite crop (and a
// crop's, zero padding); the other modes read the input through one index map per dim, so the cotangent comes back
// through each map's transpose (one-hot matrices built by padding an arange the same way).
import { arange, matmul, movedim, oneHot, pad, reshape, type Tensor, to } from '@bn/tensor';
import type { FamilyVjps } from '../rule.js';

export const padVjps: FamilyVjps<'pad'> = {
  pad: {
    vjp: ([g], { params, inputs }) => {
      const { pad: widths, mode } = params;
      if (mode === 'constant')
        return [
          pad(
            g!,
            widths.map((w) => -w),
          ),
        ];
      const shape = inputs[0]!.shape;
      let cotangent: Tensor = g!;
      for (let i = 0; i < widths.length / 2; i++) {
        const dim = shape.length - 1 - i;
        const size = shape[dim]!;
        // which input index each output index of this dim reads: the same padding of [0, 1, ..., size - 1]
        const indices = pad(
          reshape(arange(size, undefined, 1, { dtype: 'float32' }), [1, 1, size]),
          [widths[2 * i]!, widths[2 * i + 1]!],
          { mode },
        );
        const reads = to(oneHot(to(reshape(indices, [-1]), 'int32'), size), 'float32');
        cotangent = movedim(matmul(movedim(cotangent, dim, -1), reads), -1, dim);
      }
      return [cotangent];
    },
  },
};
