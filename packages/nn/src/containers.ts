// Containers (torch/nn/modules/container.py): Sequential chains its children, ModuleList and ModuleDict hold
// children by position or by key so that walks, the state dict and train/eval reach them. Each is typed by what it
// was given (a tuple of modules, a record of them), so `at(1)` and `get('fc')` have the child's own class.
import {
  ArgumentTypeError,
  describeValue,
  expectDict,
  IndexError,
  isPlainObject,
  RuntimeError,
  type Tensor,
  ValueError,
} from '@bn/tensor';
import { Module } from './module.js';
import { moduleName } from './module-name.js';

/** Position `index` (negative counts from the end) in a container of `length`, or PyTorch's IndexError. */
function position(kind: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new IndexError(`index ${index} is out of range (${kind} of length ${length})`);
  }
  return index < 0 ? index + length : index;
}

/**
 * The class of the child at `I` in a container typed by the tuple `M` of the children it was made with: negative
 * counts from the end; an index that is not a literal, or a container typed by an array rather than a tuple, gives
 * the union of the children's classes; a position past the tuple is any Module (a child appended to the container
 * without using the type `append` returns; `at` throws if there is none).
 */
export type ModuleAt<M extends readonly Module[], I extends number> = number extends M['length'] | I
  ? M[number]
  : `${I}` extends `-${infer K extends number}`
    ? FromEnd<M, K>
    : `${I}` extends keyof M
      ? M[I]
      : Module;

/** The `K`th child from the end of the tuple `M` (1 is the last). */
type FromEnd<M extends readonly Module[], K extends number, Seen extends Module[] = []> = M extends readonly [
  ...infer Rest extends Module[],
  infer Last extends Module,
]
  ? [...Seen, Last]['length'] extends K
    ? Last
    : FromEnd<Rest, K, [...Seen, Last]>
  : Module;

/** The tuple `M` with `N` appended (an array type stays as it is). */
export type Appended<M extends readonly Module[], N extends Module> = number extends M['length']
  ? M
  : [...M, N];

abstract class IndexedContainer<M extends readonly Module[]> extends Module {
  protected constructor(modules: Iterable<Module>) {
    super();
    if (typeof (modules as Partial<Iterable<Module>> | null)?.[Symbol.iterator] !== 'function') {
      throw new ArgumentTypeError(
        `${moduleName(new.target)}(): argument 'modules' must be an iterable of Modules, but got ${describeValue(modules)}`,
      );
    }
    for (const m of modules) this.push(m);
  }

  get length(): number {
    return this.childCount();
  }

  /** The child at `index` (negative counts from the end), typed as the one given there. */
  at<I extends number>(index: I): ModuleAt<M, I> {
    return this.children()[position(moduleName(this.constructor), index, this.length)] as ModuleAt<M, I>;
  }

  /**
   * Replaces the child at `index`, keeping its key. In a container typed by a tuple the new child must be of the
   * type at that position, so `at` stays true; declare the container as plain `Sequential` to put anything there.
   */
  set<I extends number>(index: I, module: ModuleAt<M, I>): void {
    this.registerModule(String(position(moduleName(this.constructor), index, this.length)), module);
  }

  /** Adds `module` at the end under the next index. */
  protected push(module: Module): void {
    this.registerModule(String(this.length), module);
  }

  [Symbol.iterator](): Iterator<M[number]> {
    return (this.children() as M[number][])[Symbol.iterator]();
  }
}

/**
 * Runs its children in order, each on the previous one's output: `new Sequential(a, b)`, typed by its children
 * (`Sequential<[Conv2d, BatchNorm2d]>`, so `at(1)` is a BatchNorm2d), or `new Sequential({ a, b })` with named
 * children. A bare `Sequential` holds any modules.
 */
export class Sequential<M extends readonly Module[] = Module[]> extends IndexedContainer<M> {
  constructor(named: Record<string, Module>);
  constructor(...modules: M);
  constructor(...modules: Module[] | [Record<string, Module>]) {
    // one plain object names the children; anything else is a child (registration refuses a non-Module)
    const named = modules.length === 1 && isPlainObject(modules[0]) ? modules[0] : undefined;
    super(named ? [] : (modules as Module[]));
    if (named) for (const [name, m] of Object.entries(named)) this.registerModule(name, m);
  }

  /** Adds `module` at the end under the next index; returns this, typed with the new child. */
  append<N extends Module>(module: N): Sequential<Appended<M, N>> {
    this.push(module);
    return this as unknown as Sequential<Appended<M, N>>;
  }

  forward(input: Tensor): Tensor {
    let x = input;
    for (const m of this.children()) x = m.forward(x);
    return x;
  }

  static override readonly moduleName: string = 'Sequential';
}

/**
 * Children by position, typed by the array given (`new ModuleList([conv, bn])` is a `ModuleList<[Conv2d,
 * BatchNorm2d]>`); it has no forward of its own (call the children).
 */
export class ModuleList<M extends readonly Module[] | [] = Module[]> extends IndexedContainer<M> {
  constructor(modules?: M);
  constructor(modules: Iterable<Module>);
  constructor(modules: Iterable<Module> = []) {
    super(modules);
  }

  /** Adds `module` at the end under the next index; returns this, typed with the new child. */
  append<N extends Module>(module: N): ModuleList<Appended<M, N>> {
    this.push(module);
    return this as unknown as ModuleList<Appended<M, N>>;
  }

  forward(): never {
    throw new RuntimeError('Module [ModuleList] is missing the required "forward" function');
  }

  static override readonly moduleName: string = 'ModuleList';
}

/** The class of the child `K` of a ModuleDict typed by the record `D`: its own for a key of `D`, else Module. */
export type ModuleOf<D extends Record<string, Module>, K extends string> = K extends keyof D ? D[K] : Module;

/**
 * Children by key, in insertion order, typed by the record given (`new ModuleDict({ fc: new Linear(8, 5) })`
 * gives `get('fc')` as a Linear); it has no forward of its own.
 */
export class ModuleDict<D extends Record<string, Module> = Record<string, Module>> extends Module {
  constructor(modules: D = {} as D) {
    super();
    expectDict('ModuleDict', 'modules', modules, 'Modules');
    for (const [key, m] of Object.entries(modules)) this.registerModule(key, m);
  }

  /** The child `key`, typed as given in the record (any Module for a key added later). */
  get<K extends string>(key: K): ModuleOf<D, K> {
    const found = this.namedChildren().find(([k]) => k === key);
    if (!found) throw new ValueError(`ModuleDict has no key '${key}'`);
    return found[1] as ModuleOf<D, K>;
  }

  /** Adds or replaces (keeping its position) the child `key`; a key of the record typed must keep its type. */
  set<K extends string>(key: K, module: ModuleOf<D, K>): void {
    this.registerModule(key, module);
  }

  has(key: string): boolean {
    return this.slotOf(key) === 'module';
  }

  // the walks stay untyped: set() may have added keys of any Module
  keys(): string[] {
    return this.namedChildren().map(([k]) => k);
  }

  values(): Module[] {
    return this.children();
  }

  entries(): [string, Module][] {
    return this.namedChildren();
  }

  forward(): never {
    throw new RuntimeError('Module [ModuleDict] is missing the required "forward" function');
  }

  static override readonly moduleName: string = 'ModuleDict';
}
