// Module: registration, accessors, the recursive walks and their order, train/eval, apply, the state dict, and
// the module path on the scope stack while forward runs.
import {
  ArgumentTypeError,
  currentScope,
  ones,
  RuntimeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { Sequential } from './containers.js';
import { Module } from './module.js';

/** y = x * scale + shift, with a buffer that counts calls: a minimal layer with one of each slot. */
class Affine extends Module {
  declare scale: Tensor;
  declare shift: Tensor | null;
  declare callCount: Tensor | null;
  constructor(n: number) {
    super();
    this.registerParameter('scale', ones([n]));
    this.registerParameter('shift', zeros([n]));
    this.registerBuffer('call_count', zeros([], { dtype: 'int32' }));
  }
  forward(x: Tensor): Tensor {
    this.callCount?.add_(1);
    const y = x.mul(this.scale);
    return this.shift ? y.add(this.shift) : y;
  }
}

/** Two Affines around a nested block, recording the scope each forward saw. */
class Net extends Module {
  static scopes: (string | undefined)[] = [];
  declare first: Affine;
  declare block: Sequential;
  constructor() {
    super();
    this.registerModule('first', new Affine(2));
    this.registerModule('block', new Sequential(new Affine(2), new Probe()));
  }
  forward(x: Tensor): Tensor {
    Net.scopes.push(currentScope());
    return this.block.forward(this.first.forward(x));
  }
}

class Probe extends Module {
  forward(x: Tensor): Tensor {
    Net.scopes.push(currentScope());
    return x;
  }
}

describe('registration', () => {
  it('exposes slots as camelCase properties that read and write the registry', () => {
    const m = new Affine(3);
    expect(m.scale.shape).toEqual([3]);
    expect(m.callCount!.dtype).toBe('int32');
    const t = tensor([1, 2, 3]);
    m.scale = t;
    expect(m.stateDict().scale).toBe(t);
    m.shift = null;
    expect(Object.keys(m.stateDict())).toEqual(['scale', 'call_count']);
    expect(m.slotOf('shift')).toBe('parameter');
  });

  it('rejects bad names and values, naming what came', () => {
    const m = new Affine(1);
    expect(() => m.registerBuffer('a.b', null)).toThrow('buffer name can\'t contain ".", got: a.b');
    expect(() => m.registerParameter('', null)).toThrow('parameter name can\'t be empty string ""');
    expect(() => m.registerBuffer('train', null)).toThrow("attribute 'train' already exists");
    class FieldInsteadOfDeclare extends Module {
      weight: Tensor | undefined;
      constructor() {
        super();
        this.registerParameter('weight', ones([1]));
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new FieldInsteadOfDeclare()).toThrow(
      "attribute 'weight' already exists (a class field? declare registered slots without a value: `declare weight: ...`)",
    );
    expect(() => m.registerBuffer('scale', null)).toThrow(
      "'scale' is already registered as a parameter, cannot register it as a buffer",
    );
    expect(() => {
      (m as unknown as { scale: unknown }).scale = 3;
    }).toThrow("cannot assign a number to parameter 'scale' (a Tensor or null required)");
    expect(() => m.registerModule('child', {} as Module)).toThrow(ArgumentTypeError);
    expect(() => m.registerBuffer('x', 'no' as unknown as Tensor)).toThrow(ArgumentTypeError);
  });
});

describe('walks', () => {
  it('lists modules pre-order and tensors in registration order, each shared object once', () => {
    const net = new Net();
    expect(net.namedModules().map(([p, m]) => `${p}:${m.constructor.name}`)).toEqual([
      ':Net',
      'first:Affine',
      'block:Sequential',
      'block.0:Affine',
      'block.1:Probe',
    ]);
    expect(net.namedParameters().map(([p]) => p)).toEqual([
      'first.scale',
      'first.shift',
      'block.0.scale',
      'block.0.shift',
    ]);
    expect(net.namedBuffers().map(([p]) => p)).toEqual(['first.call_count', 'block.0.call_count']);
    expect(net.namedParameters({ recurse: false })).toEqual([]);
    expect(net.children().map((m) => m.constructor.name)).toEqual(['Affine', 'Sequential']);
    // a module registered twice appears once in walks, but under both keys in the state dict (as PyTorch)
    net.registerModule('again', net.first);
    expect(net.modules()).toHaveLength(5);
    expect(net.parameters()).toHaveLength(4);
    expect(Object.keys(net.stateDict())).toEqual([
      'first.scale',
      'first.shift',
      'first.call_count',
      'block.0.scale',
      'block.0.shift',
      'block.0.call_count',
      'again.scale',
      'again.shift',
      'again.call_count',
    ]);
  });

  it('names a direct child (the first name of one registered twice) and nothing else', () => {
    const net = new Net();
    expect(net.childName(net.first)).toBe('first');
    expect(net.childName(net.getSubmodule('block.0'))).toBeUndefined();
    net.registerModule('again', net.first);
    expect(net.childName(net.first)).toBe('first');
  });

  it('finds submodules by path and names the missing step', () => {
    const net = new Net();
    expect(net.getSubmodule('block.0')).toBe((net.block as Sequential).at(0));
    expect(net.getSubmodule('')).toBe(net);
    expect(() => net.getSubmodule('block.7')).toThrow(
      "Sequential has no attribute `7` (looking up 'block.7')",
    );
  });
});

describe('modes', () => {
  it('train/eval set every descendant; apply visits children first', () => {
    const net = new Net();
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    expect(() => net.train('no' as unknown as boolean)).toThrow(ValueError);
    const order: string[] = [];
    net.apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(['Affine', 'Affine', 'Probe', 'Sequential', 'Net']);
  });
});

describe('train overridden', () => {
  it('a descendant whose class overrides train() gets the call for its subtree, as in PyTorch', () => {
    /** Stays in evaluation mode whatever its parent is set to (a frozen norm layer). */
    class Frozen extends Module {
      declare inner: Affine;
      constructor() {
        super();
        this.registerModule('inner', new Affine(1));
      }
      override train(): this {
        return super.train(false);
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const net = new Sequential(new Affine(1), new Frozen());
    net.train();
    expect(net.modules().map((m) => m.training)).toEqual([true, true, false, false]);
  });
});

describe('forward scope', () => {
  it('puts the module path on the scope stack and restores it', () => {
    Net.scopes = [];
    const net = new Net();
    net.forward(tensor([1, 2]));
    expect(Net.scopes).toEqual(['Net', 'block.1 (Probe)']);
    expect(currentScope()).toBeUndefined();
  });

  it('names the innermost module in an error raised inside, once', () => {
    const net = new Net();
    let error: Error | undefined;
    try {
      net.forward(tensor([1, 2, 3]));
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeDefined();
    expect(error!.message).toMatch(/broadcast/);
    expect(error!.message.endsWith('\n  (raised in first (Affine))')).toBe(true);
    expect(error!.message.match(/raised in/g)).toHaveLength(1);
    // the buffer counted the call before the error: forward is not transactional, only the ops are
    expect(net.first.callCount!.item()).toBe(1);
  });
});

describe('loadStateDict', () => {
  it('copies every tensor and reports nothing missing', () => {
    const [a, b] = [new Net(), new Net()];
    a.first.scale.copy_(tensor([5, 6]));
    const result = b.loadStateDict(a.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.first.scale.toArray()).toEqual([5, 6]);
    expect(b.first.scale).not.toBe(a.first.scale);
  });

  it('lists missing, unexpected and mismatched keys in one error and writes nothing', () => {
    const net = new Net();
    const before = Object.entries(net.stateDict()).map(([k, t]) => [k, t.toArray()]);
    const sd: Record<string, unknown> = {
      ...net.stateDict(),
      'first.scale': tensor([1, 2, 3]),
      'block.0.shift': tensor([9, 9]),
      extra: tensor([1]),
      'first.shift': 'nope',
    };
    delete sd['block.0.call_count'];
    expect(() => net.loadStateDict(sd)).toThrow(
      new RuntimeError(
        'Error(s) in loading state_dict for Net:\n' +
          '\tMissing key(s) in state_dict: "block.0.call_count". \n' +
          '\tUnexpected key(s) in state_dict: "extra". \n' +
          '\tsize mismatch for first.scale: copying a param with shape [3] from checkpoint, the shape in current ' +
          'model is [2].\n' +
          '\tWhile copying the parameter named "first.shift", expected a Tensor from checkpoint but received string',
      ),
    );
    expect(Object.entries(net.stateDict()).map(([k, t]) => [k, t.toArray()])).toEqual(before);
  });

  it('with strict false, returns the missing and unexpected keys and loads the rest', () => {
    const net = new Net();
    const result = net.loadStateDict({ 'first.scale': tensor([3, 4]), other: tensor(1) }, { strict: false });
    expect(result.unexpectedKeys).toEqual(['other']);
    expect(result.missingKeys).toHaveLength(5);
    expect(net.first.scale.toArray()).toEqual([3, 4]);
    // a size mismatch is an error even when not strict
    expect(() => net.loadStateDict({ 'first.scale': tensor([1]) }, { strict: false })).toThrow(
      'size mismatch',
    );
    expect(net.first.scale.toArray()).toEqual([3, 4]);
  });
});
