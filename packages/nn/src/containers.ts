// Containers (torch/nn/modules/container.py): Sequential chains its children, ModuleList and ModuleDict hold
// children by position or by key so that walks, the state dict and train/eval reach them.
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

/** Position `index` (negative counts from the end) in a container of `length`, or PyTorch's IndexError. */
function position(kind: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new IndexError(`index ${index} is out of range (${kind} of length ${length})`);
  }
  return index < 0 ? index + length : index;
}

abstract class IndexedContainer extends Module {
  protected constructor(modules: Iterable<Module>) {
    super();
    if (typeof (modules as Partial<Iterable<Module>> | null)?.[Symbol.iterator] !== 'function') {
      throw new ArgumentTypeError(
        `${new.target.name}(): argument 'modules' must be an iterable of Modules, but got ${describeValue(modules)}`,
      );
    }
    for (const m of modules) this.append(m);
  }

  get length(): number {
    return this.childCount();
  }

  /** The child at `index` (negative counts from the end). */
  at(index: number): Module {
    return this.children()[position(this.constructor.name, index, this.length)]!;
  }

  /** Replaces the child at `index`, keeping its key. */
  set(index: number, module: Module): void {
    this.registerModule(String(position(this.constructor.name, index, this.length)), module);
  }

  /** Adds `module` at the end under the next index; returns this. */
  append(module: Module): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}

/** Runs its children in order, each on the previous one's output: `new Sequential(a, b)` or `new Sequential({ a, b })`. */
export class Sequential extends IndexedContainer {
  constructor(...modules: Module[] | [Record<string, Module>]) {
    // one plain object names the children; anything else is a child (registration refuses a non-Module)
    const named = modules.length === 1 && isPlainObject(modules[0]) ? modules[0] : undefined;
    super(named ? [] : (modules as Module[]));
    if (named) for (const [name, m] of Object.entries(named)) this.registerModule(name, m);
  }

  forward(input: Tensor): Tensor {
    let x = input;
    for (const m of this.children()) x = m.forward(x);
    return x;
  }

  static override readonly moduleName: string = 'Sequential';
}

/** Children by position; it has no forward of its own (call the children). */
export class ModuleList extends IndexedContainer {
  constructor(modules: Iterable<Module> = []) {
    super(modules);
  }

  forward(): never {
    throw new RuntimeError('Module [ModuleList] is missing the required "forward" function');
  }

  static override readonly moduleName: string = 'ModuleList';
}

/** Children by key, in insertion order; it has no forward of its own. */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> = {}) {
    super();
    expectDict('ModuleDict', 'modules', modules, 'Modules');
    for (const [key, m] of Object.entries(modules)) this.registerModule(key, m);
  }

  get(key: string): Module {
    const found = this.namedChildren().find(([k]) => k === key);
    if (!found) throw new ValueError(`ModuleDict has no key '${key}'`);
    return found[1];
  }

  /** Adds or replaces (keeping its position) the child `key`. */
  set(key: string, module: Module): void {
    this.registerModule(key, module);
  }

  has(key: string): boolean {
    return this.slotOf(key) === 'module';
  }

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
