// Node's built-in modules, reached synchronously without importing them (so bundles for browsers need no
// stubs): `process.getBuiltinModule` (Node >= 20.16); undefined elsewhere.

/** The Node built-in module `id` (e.g. 'node:os'), or undefined outside Node. */
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}
