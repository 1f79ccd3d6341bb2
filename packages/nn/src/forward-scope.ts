// While a module's forward runs, its path from the outermost running module (`layer1.0.bn1 (BatchNorm2d)`) is on
// @bn/tensor's scope stack, and an error escaping it is annotated with that path once, at the innermost module.
import { withScope } from '@bn/tensor';
import type { Module } from './module.js';
import { moduleName } from './module-name.js';

interface Running {
  module: Module;
  path: string;
}

const running: Running[] = [];
const annotated = new WeakSet<object>();

/** The path of `module` below the running `parent`: its first path in the parent's tree, or '' if not there. */
function pathBelow(parent: Running, module: Module): string {
  const name = parent.module.childName(module);
  if (name !== undefined) return parent.path ? `${parent.path}.${name}` : name;
  for (const [path, m] of parent.module.namedModules(parent.path)) if (m === module) return path;
  return '';
}

/** How a module is named in scopes and errors: `path (Class)`, or just `Class` for the outermost one. */
export function scopeName(path: string, module: Module): string {
  const name = moduleName(module.constructor);
  return path ? `${path} (${name})` : name;
}

/** Runs `body` (the module's forward) with the module's path on the scope stack. */
export function runInScope<T>(module: Module, body: () => T): T {
  const parent = running[running.length - 1];
  const path = parent ? pathBelow(parent, module) : '';
  const name = scopeName(path, module);
  running.push({ module, path });
  try {
    return withScope(name, body);
  } catch (e) {
    if (e instanceof Error && !annotated.has(e)) {
      annotated.add(e);
      if (!e.message.includes(name)) e.message += `\n  (raised in ${name})`;
    }
    throw e;
  } finally {
    running.pop();
  }
}
