// Storage: the flat typed array behind one or more tensors, with PyTorch's version counter.
import { allocate, type DType, dtypeOfArray, type TypedArray } from './dtype.js';

export class Storage {
  /** Bumped by every in-place write, as PyTorch's `_version`. */
  version = 0;

  /**
   * `external`: the array came from the caller (`fromTypedArray`), who may write it without `@bn` knowing, so the
   * version does not tell that its values are unchanged (caches keyed by version skip such storage).
   */
  constructor(
    readonly data: TypedArray,
    readonly external = false,
  ) {}

  static allocate(dtype: DType, n: number): Storage {
    return new Storage(allocate(dtype, n));
  }

  get dtype(): DType {
    return dtypeOfArray(this.data);
  }

  get length(): number {
    return this.data.length;
  }
}
