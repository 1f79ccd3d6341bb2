// Storage: the flat typed array behind one or more tensors, with PyTorch's version counter.
import { allocate, type DType, dtypeOfArray, type TypedArray } from './dtype.js';

export class Storage {
  /** Bumped by every in-place write, as PyTorch's `_version`. */
  version = 0;

  constructor(readonly data: TypedArray) {}

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
