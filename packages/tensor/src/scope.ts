// The scope stack: names pushed by callers (a module path such as `layer1.0.bn1 (BatchNorm2d)`) so that
// an error raised deep inside an op can say where it came from.

const scopes: string[] = [];

/** Runs `fn` with `name` on the scope stack; the stack is restored even when `fn` throws. */
export function withScope<T>(name: string, fn: () => T): T {
  scopes.push(name);
  try {
    return fn();
  } finally {
    scopes.pop();
  }
}

/** The innermost scope name, or undefined outside every scope. */
export function currentScope(): string | undefined {
  return scopes[scopes.length - 1];
}

/** A copy of the whole scope stack, outermost first. */
export function scopeStack(): string[] {
  return [...scopes];
}
