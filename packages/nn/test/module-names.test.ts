// The name a module class prints under is the static `moduleName` it declares itself, not its JavaScript name (which
// a minifier changes): in toString(), forward scopes, argument errors, state-dict errors, stackModuleState and
// describeValue. A class that declares none prints its JavaScript name, never its parent's declared one.
import { describeValue, randn, zeros } from '@bn/tensor';
import { declaredModuleNames } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';
import { BatchNorm2d, Module, moduleName, Sequential, stackModuleState } from '../src/index.js';

/** A class whose JavaScript name (what a minifier would rename) differs from the name it declares. */
class Renamed extends BatchNorm2d {
  static override readonly moduleName: string = 'Norm';
}

/** A user's subclass that declares nothing. */
class Undeclared extends BatchNorm2d {}

const NORM_OPTIONS = 'eps=1e-05, momentum=0.1, affine=True, track_running_stats=True';

/** The message `f` throws. */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('moduleName', () => {
  it("reads the name a class declares itself, else the class's JavaScript name", () => {
    expect([
      moduleName(BatchNorm2d),
      moduleName(Renamed),
      moduleName(Undeclared),
      moduleName(Module),
    ]).toEqual(['BatchNorm2d', 'Norm', 'Undeclared', 'Module']);
  });

  it('is the name toString() prints', () => {
    expect(new Sequential(new Renamed(2), new Sequential(new Undeclared(3))).toString()).toBe(
      [
        'Sequential(',
        `  (0): Norm(2, ${NORM_OPTIONS})`,
        '  (1): Sequential(',
        `    (0): Undeclared(3, ${NORM_OPTIONS})`,
        '  )',
        ')',
      ].join('\n'),
    );
  });

  it('names the module in forward scopes and argument errors, and describeValue uses it', () => {
    const net = new Sequential(new Renamed(2));
    expect(thrown(() => net.forward(randn([1, 3, 4, 4])))).toMatch(/\n {2}\(raised in 0 \(Norm\)\)$/);
    expect(thrown(() => new Renamed(2).forward(5 as never))).toBe(
      "Norm.forward(): argument 'input' must be a Tensor, but got a number",
    );
    expect(thrown(() => new Renamed(0))).toMatch(/^Norm\(\): argument 'numFeatures' /);
    expect(thrown(() => new Renamed(2, { axisName: 3 as never }))).toMatch(/^Norm\(\): argument 'axisName' /);
    expect([describeValue(new Renamed(2)), describeValue(new Undeclared(2))]).toEqual([
      'a Norm',
      'an Undeclared',
    ]);
    expect(Object.prototype.toString.call(new Renamed(2))).toBe('[object Norm]');
  });

  it('names the module in state-dict errors and in stackModuleState', () => {
    expect(thrown(() => new Renamed(2).loadStateDict({ weight: zeros([3]) }, { strict: false }))).toMatch(
      /^Error\(s\) in loading state_dict for Norm:\n\t/,
    );
    expect(thrown(() => stackModuleState([new Renamed(2), new Undeclared(2)]))).toBe(
      'stack_module_state: Expected all models to be of the same class, got Norm and Undeclared.',
    );
    expect(thrown(() => new Sequential(new Renamed(2)).getSubmodule('0.conv'))).toBe(
      "Norm has no attribute `conv` (looking up '0.conv')",
    );
  });

  it('names a container by its declared name in its index and argument errors', () => {
    class Chain extends Sequential {
      static override readonly moduleName: string = 'Chain';
    }
    expect(thrown(() => new Chain(new Renamed(2)).at(3))).toBe('index 3 is out of range (Chain of length 1)');
    expect(thrown(() => new Chain().set(0, new Renamed(2)))).toBe(
      'index 0 is out of range (Chain of length 0)',
    );
    class Items extends nn.ModuleList {
      static override readonly moduleName: string = 'Items';
    }
    expect(thrown(() => new Items(5 as never))).toBe(
      "Items(): argument 'modules' must be an iterable of Modules, but got a number",
    );
  });

  it('is declared by every module class @bn/nn exports, equal to its export name', () => {
    const declared = declaredModuleNames(nn, Module);
    expect(declared).toEqual(Object.fromEntries(Object.keys(declared).map((name) => [name, name])));
    expect(Object.keys(declared)).toEqual(
      expect.arrayContaining([
        'Module',
        'Sequential',
        'ModuleList',
        'ModuleDict',
        'BatchNorm',
        'BatchNorm2d',
        'ReLU',
      ]),
    );
  });
});
