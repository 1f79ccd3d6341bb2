// The identity transform, for tests of the interpreter stack: it lowers each call by unwrapping its own level,
// records the primitive, wraps every output, and refuses readouts of its tensors.
import { bind, type Interpreter, type Primitive, RuntimeError, Tensor } from '../src/index.js';

export class Passthrough implements Interpreter {
  readonly name = 'passthrough';
  /** Names of the primitives this transform processed, in order. */
  readonly seen: string[] = [];
  constructor(readonly level: number) {}
  wrap(t: Tensor): Tensor {
    return Tensor.wrap(this, t, t.shape, t.dtype);
  }
  process<P>(prim: Primitive<P>, inputs: readonly (Tensor | null)[], params: P): Tensor[] {
    this.seen.push(prim.name);
    const lowered = inputs.map((t) => (t && t.level === this.level ? (t.payload as Tensor) : t));
    return bind(prim, lowered, params).map((t) => this.wrap(t));
  }
  readout(t: Tensor, what: string): never {
    throw new RuntimeError(`passthrough: cannot call ${what} on a tensor of shape [${t.shape.join(', ')}]`);
  }
}
