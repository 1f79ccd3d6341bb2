// The tape of one grad level (PyTorch's autograd graph, functorch's per-level tape): a node per differentiable
// primitive call, and the variables that link them. A tensor of the level holds its primal value and the variable it
// is now; an in-place write moves it to a new variable, keeping the history of its old value intact.
import type { AnyPrimitive, Aval, Tensor } from '@bn/tensor';

/** A value on the tape: output `index` of `node`, or (node null) a value differentiated from nowhere. */
export interface Variable {
  readonly node: Node | null;
  readonly index: number;
}

/** A primal value a rule reads, and the version its storage had when it was saved (null: not a concrete tensor). */
export interface Saved {
  readonly value: Tensor;
  readonly version: number | null;
}

/** One differentiable primitive call. */
export interface Node {
  readonly prim: AnyPrimitive;
  readonly params: unknown;
  /** Each input's variable, or null for an input that is not differentiated (a constant at this level). */
  readonly inputs: readonly (Variable | null)[];
  readonly inputAvals: readonly (Aval | null)[];
  readonly outputAvals: readonly Aval[];
  readonly savedInputs: readonly (Saved | null)[];
  readonly savedOutputs: readonly (Saved | null)[];
  /** The variables of the outputs, in order. */
  readonly outputs: readonly Variable[];
}

/** The payload a grad level stores in the tensors it wraps. */
export interface Tracked {
  /** The value one level down. */
  readonly primal: Tensor;
  /** The variable the tensor is now (replaced when an in-place primitive writes it). */
  variable: Variable;
  /** Whether the tensor is a view of another tracked tensor's memory (in-place writes into it are refused). */
  readonly isView: boolean;
}
