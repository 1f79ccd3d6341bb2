// The interpreter stack (JAX's Autodidax, functorch's DynamicLayer): `bind` hands each primitive call to the
// interpreter of the highest level among its inputs; level 0 evaluates eagerly.
import { RuntimeError } from './errors.js';
import type { Inputs, Primitive } from './primitive.js';
import type { Tensor } from './tensor.js';

/** A named axis bound by a transform (vmap's `axisName`) and its size: JAX's axis frame. */
export interface AxisFrame {
  readonly name: string;
  readonly size: number;
}

export interface Interpreter {
  /** Position on the stack; tensors it wraps carry this level. */
  readonly level: number;
  /** Handles one primitive call whose highest input level is this one. */
  process<P>(prim: Primitive<P>, inputs: Inputs<Tensor>, params: P): Tensor[];
  /**
   * Called when a tensor of this level is read out (`item`, `toArray`, its storage): the tensor one level down whose
   * values it shows, or the transform's error where it has no single value (vmap).
   */
  readout(tensor: Tensor, what: string): Tensor;
  /** Human-readable name used in errors (`vmap`). */
  readonly name: string;
  /** The named axis this level binds, if any (collectives over that name reduce over it). */
  readonly axis?: AxisFrame | undefined;
}

const stack: Interpreter[] = [];
/**
 * The highest level a call may reach. While the interpreter at level L processes a call, levels >= L are
 * suspended (functorch excludes the current DynamicLayer), so the rule's own binds, 'top' ones included, go below.
 */
let ceiling = 0;

/** Pushes the interpreter built by `make(level)`, runs `fn`, and pops it even when `fn` throws. */
export function withInterpreter<I extends Interpreter, T>(
  make: (level: number) => I,
  fn: (interp: I) => T,
): T {
  const interp = make(stack.length + 1);
  if (interp.level !== stack.length + 1) {
    throw new RuntimeError(
      `interpreter level ${interp.level} does not match stack depth ${stack.length + 1}`,
    );
  }
  const saved = ceiling;
  stack.push(interp);
  ceiling = interp.level;
  try {
    return fn(interp);
  } finally {
    stack.pop();
    ceiling = saved;
  }
}

/** The interpreter at `level`, or undefined when that level is not on the stack. */
export function interpreterAt(level: number): Interpreter | undefined {
  return level > 0 ? stack[level - 1] : undefined;
}

/** Number of interpreters on the stack above level 0 (the level the next one gets, minus one). */
export function stackDepth(): number {
  return stack.length;
}

/** The interpreters on the stack, innermost last. */
export function interpreters(): readonly Interpreter[] {
  return stack;
}

/**
 * The innermost active level binding the axis `name`, or undefined when none does (JAX's `axis_frame`). Levels
 * suspended while a rule runs are not active, so a rule's own calls see only the levels below it.
 */
export function axisFrame(name: string): AxisFrame | undefined {
  for (let level = ceiling; level > 0; level--) {
    const axis = stack[level - 1]!.axis;
    if (axis?.name === name) return axis;
  }
  return undefined;
}

/** Throws the "escaped" error when `t` is wrapped by an interpreter that is no longer on the stack. */
export function checkAlive(t: Tensor): void {
  if (t.level > 0 && stack[t.level - 1] !== t.interpreter) {
    throw new RuntimeError(
      `a Tensor of shape [${t.shape.join(', ')}] escaped from a ${t.interpreter?.name ?? 'transform'} ` +
        `(level ${t.level}) that has already returned; return it from the transformed function instead of ` +
        'storing it outside',
    );
  }
}

/** Sends one primitive call to the interpreter that owns it and returns its outputs. */
export function bind<P>(prim: Primitive<P>, inputs: Inputs<Tensor>, params: P): Tensor[] {
  let level = 0;
  for (const t of inputs) {
    if (t === null) continue;
    if (t.level > 0) checkAlive(t);
    if (t.level > level) level = t.level;
  }
  if (prim.dispatch === 'top') level = ceiling;
  if (level === 0) return evaluate(prim, inputs, params);
  if (level > ceiling) {
    throw new RuntimeError(
      `${prim.name}: an input of level ${level} reached a rule running at level ${ceiling + 1}`,
    );
  }
  const saved = ceiling;
  ceiling = level - 1;
  try {
    return stack[level - 1]!.process(prim, inputs, params);
  } finally {
    ceiling = saved;
  }
}

/** Binds a primitive with one output. */
export function bind1<P>(prim: Primitive<P>, inputs: Inputs<Tensor>, params: P): Tensor {
  return bind(prim, inputs, params)[0]!;
}

/** Level 0: check shapes and dtypes with the primitive's rule, then run its kernel on the avals it computed. */
export function evaluate<P>(prim: Primitive<P>, inputs: Inputs<Tensor>, params: P): Tensor[] {
  const avals = prim.shapeRule(inputs, params);
  if (!prim.allowsInternalOverlap) {
    for (const i of prim.writes(params)) {
      const target = inputs[i];
      if (target) checkWritable(prim.name, target);
    }
  }
  return prim.impl(inputs, params, avals);
}

/** PyTorch refuses in-place writes into a tensor whose elements share memory (an `expand`ed view). */
export function checkWritable(op: string, t: Tensor): void {
  if (t.numel() === 0) return; // no elements, nothing shared (a [2, 0] tensor has stride 0 along dim 0)
  for (let d = 0; d < t.shape.length; d++) {
    if (t.strides[d] === 0 && t.shape[d]! > 1) {
      throw new RuntimeError(
        `${op}(): unsupported operation: more than one element of the written-to tensor refers to a single ` +
          'memory location. Please clone() the tensor before performing the operation.',
      );
    }
  }
}
