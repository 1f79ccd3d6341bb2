// Index maps of F.pad's modes along one dim: which input index each output index reads (-1: the fill value).
// Mirrors ATen's reflection/replication pad index formulas and 1.13's `_pad_circular`.

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * For a dim of `size` padded by `before`/`after` (negative values crop), the input index read by each of the
 * `size + before + after` outputs.
 */
export function padIndexMap(mode: PadMode, size: number, before: number, after: number): Int32Array {
  const out = new Int32Array(Math.max(size + before + after, 0));
  // circular wraps within what is left after cropping
  const lo = Math.max(-before, 0);
  const kept = size - lo - Math.max(-after, 0);
  for (let j = 0; j < out.length; j++) {
    const p = j - before;
    switch (mode) {
      case 'constant':
        out[j] = p >= 0 && p < size ? p : -1;
        break;
      case 'reflect':
        out[j] = p < 0 ? -p : p > size - 1 ? 2 * (size - 1) - p : p;
        break;
      case 'replicate':
        out[j] = Math.min(Math.max(p, 0), size - 1);
        break;
      case 'circular':
        out[j] = lo + ((((p - lo) % kept) + kept) % kept);
        break;
    }
  }
  return out;
}
