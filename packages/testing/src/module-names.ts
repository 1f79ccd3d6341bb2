// The module classes a package exports, each with the `moduleName` it declares itself: what the tests of @bn/nn and
// @bn/models compare with the export names, so that no class prints a name a minifier gave it.

/** A class, abstract or not. */
type AnyClass = abstract new (...args: never) => unknown;

/**
 * Each export of `namespace` that is `base` or a subclass of it, by export name, with its own static `moduleName`
 * (undefined when the class declares none itself).
 */
export function declaredModuleNames(
  namespace: Record<string, unknown>,
  base: AnyClass,
): Record<string, unknown> {
  const classes = Object.entries(namespace).filter(
    ([, value]) => value === base || (typeof value === 'function' && value.prototype instanceof base),
  );
  return Object.fromEntries(
    classes.map(([name, cls]) => [
      name,
      Object.hasOwn(cls as object, 'moduleName') ? (cls as { moduleName: unknown }).moduleName : undefined,
    ]),
  );
}
