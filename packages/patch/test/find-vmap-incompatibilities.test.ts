// findVmapIncompatibilities: the exact list for a net mixing failing and fine modules, each listed module checked
// by really running vmap (it throws there, and only there), the list empty after each fix, and every constructor
// or normLayers fix it suggests actually built and put in place.
import * as nn from '@bn/nn';
import {
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Dropout,
  Flatten,
  GroupNorm,
  InstanceNorm2d,
  Linear,
  type Module,
  ReLU,
  Sequential,
} from '@bn/nn';
import { ArgumentTypeError, type Tensor, ValueError } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { type VmapOptions, vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import {
  evalMode,
  findVmapIncompatibilities,
  normLayers,
  replaceAllBatchNormModules_,
  replaceBatchNormWithGroupNorm_,
  type VmapIncompatibility,
} from '../src/index.js';
import { batchedInput, loopOverMembers, makeNet } from './net.js';

/** Every kind of failing module next to fine ones of the same classes. */
function mixedNet(): Sequential {
  const net = new Sequential({
    stem: new Sequential(new Conv2d(3, 8, 3, { padding: 1 }), new BatchNorm2d(8), new ReLU()),
    gn: new GroupNorm(4, 8),
    bnNoStats: new BatchNorm2d(8, { trackRunningStats: false }),
    bnEval: new BatchNorm2d(8),
    bnAxis: new BatchNorm2d(8, { axisName: 'batch' }),
    inTracking: new InstanceNorm2d(8, { trackRunningStats: true }),
    inPlain: new InstanceNorm2d(8),
    dropEval: new Dropout(0.5),
    drop: new Dropout(0.2),
    head: new Sequential(new Flatten(), new Linear(128, 6), new BatchNorm1d(6)),
  });
  net.getSubmodule('bnEval').eval();
  net.getSubmodule('dropEval').eval();
  return net;
}

const BN_ERROR = 'Batch norm got a batched tensor as input while the running_mean or running_var';
const RANDOM_ERROR = 'vmap: called random operation while in randomness error mode';

const bn2dFixes = (c: number, g: number) => [
  `new GroupNorm(${g}, ${c})`,
  `new BatchNorm2d(${c}, { trackRunningStats: false })`,
  `normLayers.groupNorm(${g})`,
  'normLayers.batchNormNoStats()',
  "normLayers.batchNormAxis('batch')",
  'replaceAllBatchNormModules_(model)',
  'replaceBatchNormWithGroupNorm_(model)',
  'evalMode(model, fn)',
];
const DROPOUT_FIXES = [
  "vmap(fn, { randomness: 'different' })",
  "vmap(fn, { randomness: 'same' })",
  'evalMode(model, fn)',
];

/**
 * Runs vmap for real: with each listed module alone left as it is (the other listed ones set to eval, which fixes
 * each kind), vmap throws from that module; with all of them in eval, vmap runs.
 */
function crossCheck(
  net: Sequential,
  listed: readonly VmapIncompatibility[],
  options: VmapOptions = {},
): void {
  const modeOf = new Map(listed.map(({ path }) => [path, net.getSubmodule(path).training]));
  const setListed = (keep: string | null) => {
    for (const [path, training] of modeOf) net.getSubmodule(path).training = path === keep ? training : false;
  };
  try {
    for (const { path, className } of listed) {
      setListed(path);
      expect(() => vmap(net, options)(batchedInput()), path).toThrow(`${path} (${className})`);
    }
    setListed(null);
    expect(() => vmap(net, options)(batchedInput())).not.toThrow();
  } finally {
    for (const [path, training] of modeOf) net.getSubmodule(path).training = training;
  }
}

describe('findVmapIncompatibilities', () => {
  it('lists exactly the failing modules of a mixed net, in namedModules order, with their fixes', () => {
    const net = mixedNet();
    const listed = findVmapIncompatibilities(net);
    expect(listed.map(({ path, className }) => [path, className])).toEqual([
      ['stem.1', 'BatchNorm2d'],
      ['bnAxis', 'BatchNorm2d'],
      ['inTracking', 'InstanceNorm2d'],
      ['drop', 'Dropout'],
      ['head.2', 'BatchNorm1d'],
    ]);
    const [stem, axis, instance, drop, head] = listed as [VmapIncompatibility, ...VmapIncompatibility[]];
    expect(stem.fixes).toEqual([
      ...bn2dFixes(8, 8),
      "new BatchNorm2d(8, { axisName: 'batch' }) with vmap(fn, { axisName: 'batch' })",
    ]);
    expect(stem.reason).toContain(BN_ERROR);
    expect(axis!.fixes).toEqual([...bn2dFixes(8, 8), "vmap(fn, { axisName: 'batch' })"]);
    expect(axis!.reason).toContain(
      "Its axisName 'batch' only shares the statistics under a vmap binding that name",
    );
    expect(instance!.fixes).toEqual([
      'new InstanceNorm2d(8, { trackRunningStats: false })',
      'evalMode(model, fn)',
    ]);
    expect(drop!.fixes).toEqual(DROPOUT_FIXES);
    expect(drop!.reason).toContain(RANDOM_ERROR);
    expect(head!.fixes).toEqual([
      'new GroupNorm(2, 6)',
      'new BatchNorm1d(6, { trackRunningStats: false })',
      'replaceAllBatchNormModules_(model)',
      'replaceBatchNormWithGroupNorm_(model)',
      'evalMode(model, fn)',
      "new BatchNorm1d(6, { axisName: 'batch' }) with vmap(fn, { axisName: 'batch' })",
    ]);
    crossCheck(net, listed);
  });

  it('names a module by the moduleName its class declares, as vmap does', () => {
    class Norm extends BatchNorm2d {
      static override readonly moduleName: string = 'UserNorm';
    }
    const net = new Sequential(new Norm(3));
    const listed = findVmapIncompatibilities(net);
    expect(listed.map(({ path, className }) => [path, className])).toEqual([['0', 'UserNorm']]);
    expect(listed[0]!.reason).toMatch(/^UserNorm in training mode updates its running_mean/);
    crossCheck(net, listed);
  });

  it("follows the vmap's axisName and randomness", () => {
    const net = mixedNet();
    const options = { axisName: 'batch', randomness: 'different' } as const;
    const listed = findVmapIncompatibilities(net, options);
    expect(listed.map(({ path }) => path)).toEqual(['stem.1', 'inTracking', 'head.2']);
    crossCheck(net, listed, options);
    const other = findVmapIncompatibilities(net, { axisName: 'other' });
    expect(other.find((e) => e.path === 'bnAxis')?.reason).toContain("the vmap binds 'other'");
  });

  it('judges every module in the mode given by `training`', () => {
    const net = mixedNet();
    expect(findVmapIncompatibilities(net, { training: false })).toEqual([]);
    const listed = findVmapIncompatibilities(net, { training: true });
    expect(listed.map(({ path }) => path)).toEqual([
      'stem.1',
      'bnEval',
      'bnAxis',
      'inTracking',
      'dropEval',
      'drop',
      'head.2',
    ]);
    net.train();
    crossCheck(net, listed);
    net.eval();
    expect(() => vmap(net)(batchedInput())).not.toThrow();
  });

  it('builds each constructor and normLayers fix it suggests, and that module is then no longer listed', () => {
    const scope = { ...nn, normLayers };
    let built = 0;
    for (const entry of findVmapIncompatibilities(mixedNet())) {
      for (const fix of entry.fixes.filter((f) => /^(new |normLayers\.)/.test(f) && !f.includes(' with '))) {
        const net = mixedNet();
        const old = net.getSubmodule(entry.path) as nn.NormBase;
        const made = new Function(...Object.keys(scope), `return ${fix};`)(...Object.values(scope));
        const replacement: Module = typeof made === 'function' ? made(old.numFeatures) : made;
        const dot = entry.path.lastIndexOf('.');
        const [parent, name] =
          dot < 0
            ? [net, entry.path]
            : [net.getSubmodule(entry.path.slice(0, dot)), entry.path.slice(dot + 1)];
        parent.registerModule(name, replacement);
        const options = fix.startsWith('normLayers.batchNormAxis') ? { axisName: 'batch' } : {};
        expect(
          findVmapIncompatibilities(net, options).map(({ path }) => path),
          fix,
        ).not.toContain(entry.path);
        built++;
      }
    }
    // stem.1 and bnAxis: 5 each, inTracking: 1, head.2: 2 (drop has none)
    expect(built).toBe(13);
  });

  describe('is empty after each BatchNorm fix of the fixture net, and vmap then runs and equals the loop', () => {
    const expectRuns = (net: Sequential) => {
      expectClose(
        vmap(net)(batchedInput()) as Tensor,
        loopOverMembers(net, batchedInput()),
        1e-5,
        1e-5,
        'vmap',
      );
    };

    it('lists the tracking BatchNorms in training (not the one without running stats)', () => {
      const net = makeNet();
      expect(findVmapIncompatibilities(net).map(({ path }) => path)).toEqual(['1', '3.1', '3.3.0', '7']);
      expect(() => vmap(net)(batchedInput())).toThrow(BN_ERROR);
    });

    it('replaceAllBatchNormModules_', () => {
      const net = replaceAllBatchNormModules_(makeNet());
      expect(findVmapIncompatibilities(net)).toEqual([]);
      expectRuns(net);
    });

    it('replaceBatchNormWithGroupNorm_', () => {
      const { root } = replaceBatchNormWithGroupNorm_(makeNet());
      expect(findVmapIncompatibilities(root)).toEqual([]);
      expectRuns(root as Sequential);
    });

    it('evalMode', () => {
      const net = makeNet();
      expect(evalMode(net, (m) => findVmapIncompatibilities(m))).toEqual([]);
      evalMode(net, (m) => expectRuns(m));
    });
  });

  it('validates its arguments', () => {
    const net = mixedNet();
    expect(() => findVmapIncompatibilities(undefined as never)).toThrow(
      new ArgumentTypeError(
        "findVmapIncompatibilities(): argument 'root' must be a Module, but got undefined",
      ),
    );
    expect(() => findVmapIncompatibilities(net, { training: 1 as never })).toThrow(
      new ArgumentTypeError(
        "findVmapIncompatibilities(): argument 'training' must be a boolean, but got a number",
      ),
    );
    expect(() => findVmapIncompatibilities(net, new Map() as never)).toThrow(
      new ArgumentTypeError(
        "findVmapIncompatibilities(): argument 'options' must be an options object, but got a Map",
      ),
    );
    expect(() => findVmapIncompatibilities(net, { axisName: '' })).toThrow(
      new ValueError('findVmapIncompatibilities: expected axisName to be a non-empty string, but got '),
    );
    expect(() => findVmapIncompatibilities(net, { randomness: 'sometimes' as never })).toThrow(
      new ValueError(
        "findVmapIncompatibilities: expected randomness to be 'error', 'different' or 'same', but got sometimes",
      ),
    );
  });
});
