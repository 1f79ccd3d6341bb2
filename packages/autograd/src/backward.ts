// The reverse pass over one level's tape (PyTorch's engine, micrograd's `backward`): from the cotangents of some
// variables, each node's rule gives its inputs' cotangents, summed where a variable feeds several nodes. Every rule
// computes with @bn/tensor's ops on the values one level down, so the transforms around it see the backward pass.
import { add, RuntimeError, type Tensor, zeros } from '@bn/tensor';
import { NON_DIFFERENTIABLE, type VjpRule } from './rule.js';
import { vjpRules } from './rules/index.js';
import type { Node, Saved, Variable } from './tape.js';

/** Adds `cotangent` to what `variable` has gathered so far. */
function accumulate(into: Map<Variable, Tensor>, variable: Variable, cotangent: Tensor): void {
  const before = into.get(variable);
  into.set(variable, before ? add(before, cotangent) : cotangent);
}

/**
 * The cotangents of every variable the seeds reach, walking `tape` backwards from the seeds' cotangents (a seed
 * may name the same variable twice: its cotangents add up).
 */
export function backward(tape: readonly Node[], seeds: readonly [Variable, Tensor][]): Map<Variable, Tensor> {
  const cotangents = new Map<Variable, Tensor>();
  for (const [variable, cotangent] of seeds) accumulate(cotangents, variable, cotangent);
  for (let n = tape.length - 1; n >= 0; n--) {
    const node = tape[n]!;
    if (!node.outputs.some((v) => cotangents.has(v))) continue;
    const rule = vjpRules[node.prim.name as keyof typeof vjpRules] as VjpRule<unknown>;
    if (rule === (NON_DIFFERENTIABLE as unknown)) continue;
    const outputCotangents = node.outputs.map(
      (v, k) => cotangents.get(v) ?? zeros(node.outputAvals[k]!.shape),
    );
    const inputCotangents = rule.vjp(outputCotangents, {
      params: node.params,
      inputs: node.inputAvals,
      outputs: node.outputAvals,
      savedInputs: node.savedInputs.map((s, i) => s && checked(node, s, `input ${i}`)),
      savedOutputs: node.savedOutputs.map((s, k) => s && checked(node, s, `output ${k}`)),
      needs: node.inputs.map((v) => v !== null),
    });
    node.inputs.forEach((variable, i) => {
      const cotangent = inputCotangents[i];
      if (variable && cotangent) accumulate(cotangents, variable, cotangent);
    });
  }
  return cotangents;
}

/**
 * A saved value, after checking that nothing wrote into its storage since it was saved (PyTorch's version check,
 * with its message); values that are not concrete tensors have no version to check.
 */
function checked(node: Node, s: Saved, which: string): Tensor {
  if (s.version !== null && s.value.storage.version !== s.version) {
    throw new RuntimeError(
      'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
        `[${s.value.dtype} [${s.value.shape.join(', ')}]], which is ${which} of ${node.prim.name}, is at version ` +
        `${s.value.storage.version}; expected version ${s.version} instead. Hint: the write came after ` +
        `${node.prim.name} saved the value for its gradient; write into a clone() instead`,
    );
  }
  return s.value;
}
