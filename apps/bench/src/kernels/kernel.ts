// What the kernels suite asks of each implementation: a case made ready once (operands converted and placed
// outside the timing), one completed computation per timed call, one read-back for the cross-check, then freed.
import type { Impl } from '../harness/types.js';
import type { KernelCase, KernelInputs } from './cases.js';

export interface PreparedKernel {
  /** One computation, completed: the timed call. */
  run(): unknown;
  /** One computation, read back row-major / NCHW as the reference lays it out. */
  output(): Promise<ArrayLike<number>>;
  /** Frees what `prepare` allocated. */
  dispose(): void | Promise<void>;
}

export interface KernelImpl {
  impl: Impl;
  threads: number;
  /** Readies `c` on `inputs`; throws (a missing op, a failed start) when this implementation cannot run it. */
  prepare(c: KernelCase, inputs: KernelInputs): Promise<PreparedKernel>;
}
