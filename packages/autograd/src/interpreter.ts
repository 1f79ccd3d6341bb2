// The grad interpreter (functorch's DynamicLayer for grad, Autodidax's JVPTrace turned into a tape): it runs each
// primitive one level down on the primal values and, where an input is differentiated, records a node on its tape
// and wraps the outputs as tensors of its level. In-place writes move their target to a new variable.
import {
  type AnyPrimitive,
  bind,
  clone,
  type Inputs,
  type Interpreter,
  type Primitive,
  RuntimeError,
  Tensor,
} from '@bn/tensor';
import { gradRecording } from './no-grad.js';
import { NON_DIFFERENTIABLE, type Saves, type VjpRule } from './rule.js';
import { vjpRules } from './rules/index.js';
import type { Node, Saved, Tracked, Variable } from './tape.js';

/** A variable with no history: a differentiated input, or a value written where no gradient flows. */
export function freshVariable(): Variable {
  return { node: null, index: 0 };
}

export class GradInterpreter implements Interpreter {
  readonly name = 'grad';
  /** The differentiable calls of this level, in order. */
  readonly tape: Node[] = [];

  constructor(readonly level: number) {}

  /** A tensor of this level over `primal`, as `variable`. */
  wrap(primal: Tensor, variable: Variable, isView = false): Tensor {
    const payload: Tracked = { primal, variable, isView };
    return Tensor.wrap(this, payload, primal.shape, primal.dtype);
  }

  /** The payload of `t` when this level differentiates it, else null. */
  tracked(t: Tensor | null): Tracked | null {
    return t !== null && t.level === this.level ? (t.payload as Tracked) : null;
  }

  process<P>(prim: Primitive<P>, inputs: Inputs<Tensor>, params: P): Tensor[] {
    const tracked = inputs.map((t) => this.tracked(t));
    const primals = inputs.map((t, i) => tracked[i]?.primal ?? t);
    const written = prim.writes(params);
    const rule = vjpRules[prim.name as keyof typeof vjpRules];
    const differentiating = gradRecording() && tracked.some((t) => t !== null);
    const recording = differentiating && rule !== NON_DIFFERENTIABLE;
    for (const i of written) {
      if (tracked[i]?.isView && recording) {
        throw new RuntimeError(
          `grad: ${prim.name} writes in place into a view of a tensor being differentiated, which @bn does not ` +
            'support yet; clone() the view first, or write into the tensor it views',
        );
      }
    }
    const saves = recording ? savesOf(rule as VjpRule<P>, params) : undefined;
    // a rule that reads the old value of an input this call overwrites gets a copy of it, made before the write
    const savedInputs = primals.map((t, i): Saved | null => {
      if (!t || !saves?.inputs?.includes(i)) return null;
      return written.includes(i) ? { value: clone(t), version: null } : saved(t);
    });
    const outs = bind(prim, primals, params);
    // an in-place primitive's output is its written target: the caller's own tensor (a vmap below returns another
    // object for it, so this is known from the kind, not from the object)
    const writtenInput = outs.map((_, k) => (prim.kind === 'inplace' && k === 0 ? 0 : undefined));
    if (!recording) {
      // an in-place write with no gradient through it leaves its target a value without history
      for (const i of written) if (tracked[i]) tracked[i].variable = freshVariable();
      return outs.map((o, k) => (writtenInput[k] === undefined ? o : inputs[writtenInput[k]]!));
    }
    const outputs: Variable[] = [];
    const node: Node = {
      prim: prim as AnyPrimitive,
      params,
      inputs: tracked.map((t) => t?.variable ?? null),
      inputAvals: inputs.map((t) => t && { shape: t.shape, dtype: t.dtype }),
      outputAvals: outs.map((o) => ({ shape: o.shape, dtype: o.dtype })),
      savedInputs,
      savedOutputs: outs.map((o, k) => (saves?.outputs?.includes(k) ? saved(o) : null)),
      outputs,
    };
    for (let k = 0; k < outs.length; k++) outputs.push({ node, index: k });
    this.tape.push(node);
    return outs.map((o, k) => {
      const target = writtenInput[k];
      if (target !== undefined) {
        // the written tensor is now this node's output; an untracked target stays a constant
        if (tracked[target]) tracked[target].variable = node.outputs[k]!;
        return inputs[target]!;
      }
      // integer and bool outputs carry no gradient
      if (o.dtype !== 'float32') return o;
      return this.wrap(o, node.outputs[k]!, prim.family === 'views' && prim.name !== 'clone');
    });
  }

  /** Reading a value inside grad reads its primal value (grad allows data-dependent control flow). */
  readout(t: Tensor): Tensor {
    return (t.payload as Tracked).primal;
  }
}

/** The values `rule` reads for a call with `params`. */
function savesOf<P>(rule: VjpRule<P>, params: P): Saves | undefined {
  return typeof rule.saves === 'function' ? rule.saves(params) : rule.saves;
}

/** A primal value as a rule will read it, with its storage's version when it has one to check. */
function saved(value: Tensor): Saved {
  return { value, version: value.level === 0 ? value.storage.version : null };
}
