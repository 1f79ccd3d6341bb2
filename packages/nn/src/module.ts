// The base class of every layer (torch.nn.Module): parameters, buffers and children registered by name in order,
// the recursive walks, train/eval, the state dict and PyTorch's printed tree. Mirrors torch/nn/modules/module.py.
import {
  ArgumentTypeError,
  describeValue,
  expectBoolean,
  expectDict,
  expectFunction,
  expectOptions,
  expectString,
  RuntimeError,
  Tensor,
  ValueError,
} from '@bn/tensor';
import { runInScope } from './forward-scope.js';
import { moduleName } from './module-name.js';
import { type LoadResult, loadStateDictInto } from './state-dict.js';

type Slot = 'parameter' | 'buffer' | 'module';

/** The forward each module's class (or an assignment) defined, by the scope-keeping wrapper that runs it. */
const definedForwards = new WeakMap<object, unknown>();

export abstract class Module {
  /**
   * The class's name in `toString()`, scopes and errors, whatever a minifier renames the class to. Every `@bn` module
   * class declares its own; a subclass that declares none prints its JavaScript class name (declare it if you minify).
   */
  static readonly moduleName: string = 'Module';
  /** Training mode (BatchNorm uses batch statistics, Dropout drops); set with `train()`/`eval()`. */
  training = true;
  readonly #parameters = new Map<string, Tensor | null>();
  readonly #buffers = new Map<string, Tensor | null>();
  readonly #modules = new Map<string, Module>();
  /** Each child's first name, built when first asked and dropped when a child is assigned. */
  #childNames: Map<Module, string> | undefined;

  constructor() {
    // every forward, the subclass's own included, runs with the module's path on @bn/tensor's scope stack
    const forward = this.forward;
    const scoped = (...args: unknown[]) => runInScope(this, () => forward.apply(this, args));
    definedForwards.set(scoped, forward);
    Object.defineProperty(this, 'forward', { value: scoped, writable: true, configurable: true });
  }

  /**
   * The computation. Call it as `m.forward(...)`; errors raised inside name the module's path. Subclasses narrow
   * the signature (`forward(x: Tensor): Tensor`); a value typed as a plain `Module` can be called with anything,
   * as in PyTorch.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the base signature every subclass's forward must be assignable to
  abstract forward(...args: any[]): any;

  /** The class's `moduleName`, so that `describeValue` and `Object.prototype.toString` name it too. */
  get [Symbol.toStringTag](): string {
    return moduleName(this.constructor);
  }

  /** The text inside this module's parentheses in `toString()` (PyTorch's `extra_repr`). */
  extraRepr(): string {
    return '';
  }

  /**
   * Registers (or replaces) the parameter `name` (its state-dict key, PyTorch's snake_case name), readable and
   * assignable as the camelCase property (`running_mean` -> `this.runningMean`).
   */
  registerParameter(name: string, value: Tensor | null): void {
    this.#register('parameter', name, value);
  }

  /** Registers (or replaces) the buffer `name`; a null buffer is kept in its slot but absent from the state dict. */
  registerBuffer(name: string, value: Tensor | null): void {
    this.#register('buffer', name, value);
  }

  /** Registers (or replaces, keeping its position) the child module `name` (PyTorch's `add_module`). */
  registerModule(name: string, module: Module): void {
    this.#register('module', name, module);
  }

  #slotOf(name: string): Slot | undefined {
    if (this.#parameters.has(name)) return 'parameter';
    if (this.#buffers.has(name)) return 'buffer';
    if (this.#modules.has(name)) return 'module';
    return undefined;
  }

  #register(slot: Slot, name: string, value: Tensor | Module | null): void {
    if (typeof name !== 'string') {
      throw new ArgumentTypeError(`${slot} name should be a string. Got ${typeof name}`);
    }
    if (name.includes('.')) throw new ValueError(`${slot} name can't contain ".", got: ${name}`);
    if (name === '') throw new ValueError(`${slot} name can't be empty string ""`);
    const current = this.#slotOf(name);
    const property = attributeName(name);
    if (current === undefined && property in this) {
      // a class field `weight: Tensor;` (not `declare weight: Tensor;`) defines an own undefined property first
      const field = Object.hasOwn(this, property) && Reflect.get(this, property) === undefined;
      throw new ValueError(
        `attribute '${property}' already exists` +
          (field
            ? ` (a class field? declare registered slots without a value: \`declare ${property}: ...\`)`
            : ''),
      );
    }
    if (current !== undefined && current !== slot) {
      throw new ValueError(
        `'${name}' is already registered as a ${current}, cannot register it as a ${slot}`,
      );
    }
    this.#assign(slot, name, value);
    if (current === undefined) {
      Object.defineProperty(this, property, {
        get: () => this.#get(slot, name),
        set: (v: Tensor | Module | null) => this.#assign(slot, name, v),
        enumerable: true,
        configurable: true,
      });
    }
  }

  #get(slot: Slot, name: string): Tensor | Module | null {
    if (slot === 'parameter') return this.#parameters.get(name)!;
    if (slot === 'buffer') return this.#buffers.get(name)!;
    return this.#modules.get(name)!;
  }

  /** Sets a registered slot, checking the value as PyTorch's `__setattr__` does. */
  #assign(slot: Slot, name: string, value: unknown): void {
    if (slot === 'module') {
      if (!(value instanceof Module)) {
        throw new ArgumentTypeError(
          `cannot assign ${describeValue(value)} as child module '${name}' (a Module required)`,
        );
      }
      this.#modules.set(name, value);
      this.#childNames = undefined;
      return;
    }
    if (value !== null && !(value instanceof Tensor)) {
      throw new ArgumentTypeError(
        `cannot assign ${describeValue(value)} to ${slot} '${name}' (a Tensor or null required)`,
      );
    }
    (slot === 'parameter' ? this.#parameters : this.#buffers).set(name, value);
  }

  /** The direct children, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.#modules];
  }

  /** The name under which `module` is a direct child of this one (the first, if several), or undefined. */
  childName(module: Module): string | undefined {
    if (this.#childNames === undefined) {
      this.#childNames = new Map();
      for (const [name, child] of this.namedChildren()) {
        if (!this.#childNames.has(child)) this.#childNames.set(child, name);
      }
    }
    return this.#childNames.get(module);
  }

  children(): Module[] {
    return [...this.#modules.values()];
  }

  /** The number of direct children (PyTorch's `len(module._modules)`), without listing them. */
  protected childCount(): number {
    return this.#modules.size;
  }

  /** This module and every descendant, pre-order, each once (the first path wins); the root's path is ''. */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    this.#walk(prefix, true, ({ path, module }) => {
      out.push([path, module]);
      return true;
    });
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every non-null parameter with its dotted path, each tensor once (a shared one under its first path). */
  namedParameters(options: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.#namedTensors('namedParameters', options, (m) => m.#parameters);
  }

  /** Every non-null buffer with its dotted path, each tensor once. */
  namedBuffers(options: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.#namedTensors('namedBuffers', options, (m) => m.#buffers);
  }

  parameters(options?: { recurse?: boolean }): Tensor[] {
    return this.namedParameters(options).map(([, t]) => t);
  }

  buffers(options?: { recurse?: boolean }): Tensor[] {
    return this.namedBuffers(options).map(([, t]) => t);
  }

  #namedTensors(
    method: string,
    options: { recurse?: boolean },
    slots: (m: Module) => Map<string, Tensor | null>,
  ): [string, Tensor][] {
    const op = this.#methodName(method);
    expectOptions(op, 'options', options);
    const { recurse = true } = options;
    expectBoolean(op, 'recurse', recurse);
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const modules: [string, Module][] = recurse ? this.namedModules() : [['', this]];
    for (const [path, m] of modules) {
      for (const [name, t] of slots(m)) {
        if (t === null || seen.has(t)) continue;
        seen.add(t);
        out.push([path ? `${path}.${name}` : name, t]);
      }
    }
    return out;
  }

  /** The module at the dotted `path` ('' is this one); throws naming the first missing step. */
  getSubmodule(path: string): Module {
    expectString(this.#methodName('getSubmodule'), 'path', path);
    let m: Module = this;
    if (path === '') return m;
    for (const step of path.split('.')) {
      const child = m.#modules.get(step);
      if (!child)
        throw new RuntimeError(
          `${moduleName(m.constructor)} has no attribute \`${step}\` (looking up '${path}')`,
        );
      m = child;
    }
    return m;
  }

  /** Whether `name` is a parameter, a buffer (even a null one) or a child of this module, or not registered. */
  slotOf(name: string): Slot | undefined {
    return this.#slotOf(name);
  }

  /** Sets this module and every descendant to training (`mode = true`) or evaluation mode; returns this. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError('training mode is expected to be boolean');
    this.#walk('', true, ({ module }) => {
      // a descendant whose class overrides train() gets the call, and with it its subtree, as in PyTorch
      if (module !== this && module.train !== Module.prototype.train) {
        module.train(mode);
        return false;
      }
      module.training = mode;
      return true;
    });
    return this;
  }

  /** `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Calls `fn` on every descendant (children first, as PyTorch) and then on this module; returns this. */
  apply(fn: (m: Module) => void): this {
    expectFunction(this.#methodName('apply'), 'fn', fn);
    this.#walk('', false, undefined, ({ module }) => fn(module));
    return this;
  }

  /**
   * Every non-null parameter and buffer by dotted key, in PyTorch's order: a module's own parameters, then its own
   * buffers, then each child's entries. The tensors are the module's own (writing into them changes the module).
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    this.#walk('', false, ({ path, module }) => {
      for (const slots of [module.#parameters, module.#buffers]) {
        for (const [name, t] of slots) if (t !== null) out[joinPath(path, name)] = t;
      }
    });
    return out;
  }

  /**
   * Copies `stateDict`'s tensors into this module's parameters and buffers, all or nothing: with `strict`, missing
   * and unexpected keys are errors; shape mismatches always are. Every problem is listed in one error, and then
   * nothing has been written.
   */
  loadStateDict(stateDict: Record<string, unknown>, options: { strict?: boolean } = {}): LoadResult {
    const op = this.#methodName('loadStateDict');
    expectDict(op, 'stateDict', stateDict, 'Tensors');
    expectOptions(op, 'options', options);
    const { strict = true } = options;
    expectBoolean(op, 'strict', strict);
    return loadStateDictInto(this, this.stateDict(), stateDict, strict);
  }

  /** PyTorch's printed tree: `Name(extra)` or the children indented one per line. */
  toString(): string {
    const lines: string[] = [];
    const blocks = new Set<ModuleVisit>();
    this.#walk(
      '',
      false,
      (visit) => {
        const { name, module, depth } = visit;
        const indent = '  '.repeat(depth);
        const head = `${indent}${depth > 0 ? `(${name}): ` : ''}${moduleName(module.constructor)}(`;
        const extra = module.extraRepr();
        const extraLines = extra ? extra.split('\n') : [];
        if (module.#modules.size === 0 && extraLines.length <= 1) {
          lines.push(`${head}${extraLines[0] ?? ''})`);
          return;
        }
        blocks.add(visit);
        lines.push(head, ...extraLines.map((line) => `${indent}  ${line}`));
      },
      (visit) => {
        if (blocks.has(visit)) lines.push(`${'  '.repeat(visit.depth)})`);
      },
    );
    return lines.join('\n');
  }

  /** How a method of this module is named in argument errors: `Linear.loadStateDict`. */
  #methodName(method: string): string {
    return `${moduleName(this.constructor)}.${method}`;
  }

  /**
   * Walks this module and its descendants pre-order with a stack of its own (no recursion: any depth works), calling
   * `enter` on each module (its children are skipped if it returns false) and `leave` once its descendants are done.
   * With `unique`, a module met again is skipped (PyTorch's memo); otherwise it is walked under every path, and a
   * module inside itself throws.
   */
  #walk(
    prefix: string,
    unique: boolean,
    enter?: (visit: ModuleVisit) => boolean | undefined,
    leave?: (visit: ModuleVisit) => void,
  ): void {
    // with `unique` every module entered so far; otherwise the ones on the current path, by path
    const entered = new Map<Module, string>();
    const stack: [ModuleVisit, 'enter' | 'leave'][] = [
      [{ path: prefix, name: '', module: this, depth: 0 }, 'enter'],
    ];
    while (stack.length > 0) {
      const [visit, step] = stack.pop()!;
      const { path, module, depth } = visit;
      if (step === 'leave') {
        if (!unique) entered.delete(module);
        leave?.(visit);
        continue;
      }
      const ancestor = entered.get(module);
      if (ancestor !== undefined) {
        if (unique) continue;
        throw new RuntimeError(
          `${moduleName(module.constructor)} at '${ancestor}' contains itself at '${path}': a module cannot be its own descendant`,
        );
      }
      entered.set(module, path);
      const descend = enter?.(visit) ?? true;
      stack.push([visit, 'leave']);
      const children = descend ? [...module.#modules] : [];
      for (let i = children.length - 1; i >= 0; i--) {
        const [name, child] = children[i]!;
        stack.push([{ path: joinPath(path, name), name, module: child, depth: depth + 1 }, 'enter']);
      }
    }
  }
}

/** The forward `module` runs as its class (or an assignment to `module.forward`) defined it, without the wrapper. */
export function definedForward(module: Module): unknown {
  return definedForwards.get(module.forward) ?? module.forward;
}

/** One module reached by a walk: its dotted path, the name its parent gave it ('' for the root) and its depth. */
interface ModuleVisit {
  path: string;
  name: string;
  module: Module;
  depth: number;
}

/** `name` under the dotted `path` ('' is the root). */
function joinPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** The property a registered name is read through: PyTorch's snake_case in camelCase (`running_mean` -> `runningMean`). */
export function attributeName(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
