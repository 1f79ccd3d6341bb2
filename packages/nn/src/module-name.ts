// The name a module's class prints under (`toString()`, forward scopes, errors, state-dict messages): the static
// `moduleName` the class declares itself, which a minifier leaves alone (it renames `BatchNorm2d` to `wn`); a class
// that declares none, a user's subclass say, prints its constructor's name.

/**
 * The printed name of the module class `cls` (a module's `constructor`, or `new.target`): its own static
 * `moduleName` (`static override readonly moduleName = 'Net'`), else `cls.name`. Only a declaration on the class
 * itself counts, so a subclass of BatchNorm2d that declares nothing is not printed as BatchNorm2d.
 */
export function moduleName(cls: { readonly name: string; readonly moduleName?: string }): string {
  return Object.hasOwn(cls, 'moduleName') ? cls.moduleName! : cls.name;
}
