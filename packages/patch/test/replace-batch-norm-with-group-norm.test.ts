// replaceBatchNormWithGroupNorm_ against PyTorch's nn.GroupNorm with the BatchNorm's eps and affine weights
// (fixtures/patch.json, Opacus's replacement plus the carried-over weights), and against vmap.
import { BatchNorm, BatchNorm1d, BatchNorm2d, GroupNorm, Linear, ModuleDict, ReLU, Sequential } from '@bn/nn';
import { ArgumentTypeError, type Tensor, ValueError } from '@bn/tensor';
import { decodeTensor, expectClose } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { defaultNumGroups, type NumGroups, replaceBatchNormWithGroupNorm_ } from '../src/index.js';
import { batchedInput, fixture, input, loopOverMembers, makeNet, modulesOf } from './net.js';

// float32 convolutions and norms summed in another order than PyTorch's
const [RTOL, ATOL] = [1e-5, 1e-5];
const NUM_GROUPS: Record<string, NumGroups | undefined> = {
  default: undefined,
  number: 2,
  function: (c) => c / 4,
};

describe('replaceBatchNormWithGroupNorm_ (PyTorch fixture)', () => {
  for (const expected of fixture.group_norm_nets) {
    it(`replaces every BatchNorm in place with numGroups ${expected.variant}: keys, repr, outputs, vmap`, () => {
      const net = makeNet();
      const bns = modulesOf(net, BatchNorm);
      const { root, replaced } = replaceBatchNormWithGroupNorm_(net, {
        numGroups: NUM_GROUPS[expected.variant],
      });
      expect(root).toBe(net);
      expect(replaced).toEqual(bns.map(([path]) => path));
      expect(Object.keys(net.stateDict())).toEqual(expected.keys);
      expect(net.toString()).toBe(expected.repr);
      expectClose(net.forward(input()), decodeTensor(expected.train_out), RTOL, ATOL, 'train out');
      const mapped = vmap(net)(batchedInput()) as Tensor;
      expectClose(mapped, decodeTensor(expected.vmap_out), RTOL, ATOL, 'vmap vs functorch');
      expectClose(mapped, loopOverMembers(net, batchedInput()), RTOL, ATOL, 'vmap vs loop');
    });
  }

  for (const c of fixture.group_norm_channels) {
    it(`a BatchNorm2d(${c.channels}) root becomes GroupNorm(gcd(32, C) = ${c.num_groups}) with its affine weights`, () => {
      const bn = new BatchNorm2d(c.channels);
      bn.weight!.copy_(decodeTensor(c.weight));
      bn.bias!.copy_(decodeTensor(c.bias));
      bn.eval();
      const { root, replaced } = replaceBatchNormWithGroupNorm_(bn);
      expect(replaced).toEqual(['']);
      expect(root).toBeInstanceOf(GroupNorm);
      const gn = root as GroupNorm;
      expect(gn.numGroups).toBe(defaultNumGroups(c.channels));
      expect(gn.toString()).toBe(c.repr);
      expect(gn.training).toBe(false);
      // copies, not the BatchNorm's tensors
      expect(gn.weight).not.toBe(bn.weight);
      expectClose(gn.forward(decodeTensor(c.input)), decodeTensor(c.out), RTOL, ATOL, 'GroupNorm out');
    });
  }
});

describe('replaceBatchNormWithGroupNorm_', () => {
  it('defaults to Opacus gcd(32, C): 8 -> 8, 48 -> 16, 64 -> 32, 96 -> 32', () => {
    expect([8, 48, 64, 96].map(defaultNumGroups)).toEqual([8, 16, 32, 32]);
  });

  it('keeps each name, position and training mode, and calls a numGroups function with each channel count', () => {
    const net = new Sequential({
      head: new Linear(3, 6),
      norm: new BatchNorm1d(6),
      act: new ReLU(),
      deep: new ModuleDict({ a: new BatchNorm2d(12), b: new ReLU() }),
    });
    (net.getSubmodule('deep.a') as BatchNorm2d).eval();
    const seen: number[] = [];
    const { replaced } = replaceBatchNormWithGroupNorm_(net, {
      numGroups: (c) => {
        seen.push(c);
        return c / 3;
      },
    });
    expect(seen).toEqual([6, 12]);
    expect(replaced).toEqual(['norm', 'deep.a']);
    expect(net.namedModules().map(([p, m]) => `${p}:${m.constructor.name}:${m.training}`)).toEqual([
      ':Sequential:true',
      'head:Linear:true',
      'norm:GroupNorm:true',
      'act:ReLU:true',
      'deep:ModuleDict:true',
      'deep.a:GroupNorm:false',
      'deep.b:ReLU:true',
    ]);
    expect((net.getSubmodule('deep.a') as GroupNorm).numGroups).toBe(4);
  });

  it('replaces a BatchNorm shared by two parents with one shared GroupNorm', () => {
    const shared = new BatchNorm2d(4);
    const net = new Sequential(new Sequential(shared), new Sequential(shared));
    const { replaced } = replaceBatchNormWithGroupNorm_(net);
    expect(replaced).toEqual(['0.0', '1.0']);
    expect(net.getSubmodule('0.0')).toBeInstanceOf(GroupNorm);
    expect(net.getSubmodule('0.0')).toBe(net.getSubmodule('1.0'));
  });

  it('checks every site first: a G that does not divide C anywhere replaces nothing and names each such module', () => {
    const net = new Sequential(new BatchNorm2d(8), new Sequential(new BatchNorm2d(6), new BatchNorm1d(9)));
    const before = net.toString();
    const call = () => replaceBatchNormWithGroupNorm_(net, { numGroups: 4 });
    expect(call).toThrow(ValueError);
    expect(call).toThrow(
      'replaceBatchNormWithGroupNorm_: no GroupNorm can replace these BatchNorms, so nothing was replaced (pass ' +
        'numGroups, a count or a function of the channel count, that divides C):\n' +
        "  '1.0' (BatchNorm2d, 6 channels, 4 groups): num_channels must be divisible by num_groups (got " +
        'num_channels=6, num_groups=4)\n' +
        "  '1.1' (BatchNorm1d, 9 channels, 4 groups): num_channels must be divisible by num_groups (got " +
        'num_channels=9, num_groups=4)',
    );
    expect(net.toString()).toBe(before);
    expect(modulesOf(net, BatchNorm).map(([p]) => p)).toEqual(['0', '1.0', '1.1']);
  });

  it('reports a bad root BatchNorm as the root, and a non-integer G from a function', () => {
    expect(() => replaceBatchNormWithGroupNorm_(new BatchNorm2d(6), { numGroups: (c) => c / 4 })).toThrow(
      "the root (BatchNorm2d, 6 channels, 1.5 groups): GroupNorm(): argument 'numGroups' must be an integer >= 1, " +
        'but got 1.5',
    );
  });

  it('validates its arguments', () => {
    const net = new Sequential(new BatchNorm2d(4));
    expect(() => replaceBatchNormWithGroupNorm_(null as never)).toThrow(
      new ArgumentTypeError(
        "replaceBatchNormWithGroupNorm_(): argument 'root' must be a Module, but got null",
      ),
    );
    expect(() => replaceBatchNormWithGroupNorm_(net, { numGroups: '2' as never })).toThrow(
      new ArgumentTypeError(
        "replaceBatchNormWithGroupNorm_(): argument 'numGroups' must be a positive integer or a function " +
          '(channels) => number, but got a string',
      ),
    );
    expect(() => replaceBatchNormWithGroupNorm_(net, { numGroups: 0 })).toThrow(
      new ValueError(
        'replaceBatchNormWithGroupNorm_: expected numGroups to be a positive integer, but got 0',
      ),
    );
    expect(() => replaceBatchNormWithGroupNorm_(net, 3 as never)).toThrow(
      new ArgumentTypeError(
        "replaceBatchNormWithGroupNorm_(): argument 'options' must be an options object, but got a number",
      ),
    );
    expect(net.getSubmodule('0')).toBeInstanceOf(BatchNorm2d);
  });
});
