// The vmap interpreter (functorch's DynamicLayer for vmap, Autodidax's `BatchTrace`): it unwraps the tensors of
// its level to physical values and batch dims, applies the primitive's batching rule one level down, and wraps the
// batched results again.
import {
  type AnyPrimitive,
  type AxisFrame,
  bind,
  type Inputs,
  type Interpreter,
  type Primitive,
  RuntimeError,
  Tensor,
} from '@bn/tensor';
import { type Batched, logicalShape } from './batched.js';
import { readoutMessage } from './messages.js';
import type { BatchContext, Bdim, Randomness } from './rule.js';
import { batchRuleOf } from './rules/index.js';

export interface LevelOptions {
  batchSize: number;
  randomness: Randomness;
  axisName: string | undefined;
}

export class BatchInterpreter implements Interpreter {
  readonly name = 'vmap';
  readonly batchSize: number;
  readonly randomness: Randomness;
  readonly axisName: string | undefined;
  readonly axis: AxisFrame | undefined;

  constructor(
    readonly level: number,
    { batchSize, randomness, axisName }: LevelOptions,
  ) {
    this.batchSize = batchSize;
    this.randomness = randomness;
    this.axisName = axisName;
    this.axis = axisName === undefined ? undefined : { name: axisName, size: batchSize };
  }

  /** A tensor of this level over `value`, batched along `bdim`. */
  wrap(value: Tensor, bdim: number): Tensor {
    const payload: Batched = { value, bdim };
    return Tensor.wrap(this, payload, logicalShape(value.shape, bdim), value.dtype);
  }

  /** The physical value and batch dim of `t` at this level (null for a tensor this level does not batch). */
  unwrap(t: Tensor): Batched | null {
    return t.level === this.level ? (t.payload as Batched) : null;
  }

  process<P>(prim: Primitive<P>, inputs: Inputs<Tensor>, params: P): Tensor[] {
    const rule = batchRuleOf(prim as AnyPrimitive);
    if (!rule) throw new RuntimeError(`vmap: no batching rule for ${prim.name}`);
    // each member must be a valid call on its own: the primitive's checks on the logical shapes, so errors quote
    // them and a fold into a bigger dim cannot hide one member's invalid shape
    const avals = prim.shapeRule(
      inputs.map((t) => t && { shape: t.shape, dtype: t.dtype }),
      params,
    );
    const values: (Tensor | null)[] = [];
    const bdims: Bdim[] = [];
    for (const t of inputs) {
      const batched = t && this.unwrap(t);
      values.push(batched ? batched.value : t);
      bdims.push(batched ? batched.bdim : null);
    }
    const ctx: BatchContext<P> = {
      prim,
      batchSize: this.batchSize,
      randomness: this.randomness,
      axisName: this.axisName,
      avals,
      bind: (ins, ps) => bind(prim, ins, ps as unknown as P),
    };
    const [outs, outBdims] = rule(values, bdims, params, ctx);
    return outs.map((out, i) => {
      const bdim = outBdims[i] ?? null;
      return bdim === null ? out : this.wrap(out, bdim);
    });
  }

  readout(t: Tensor, what: string): never {
    throw new RuntimeError(readoutMessage(what, t.shape, this.batchSize));
  }
}
