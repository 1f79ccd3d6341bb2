// Containers: Sequential chains in order (positional or named), ModuleList and ModuleDict hold children that
// walks, the state dict and train/eval reach; indexing follows PyTorch (negative indices, IndexError).
import { currentScope, IndexError, RuntimeError, type Tensor, tensor } from '@bn/tensor';
import { describe, expect, it, vi } from 'vitest';
import { ModuleDict, ModuleList, Sequential } from './containers.js';
import { Identity } from './layers/identity.js';
import { Module } from './module.js';

class AddConst extends Module {
  constructor(readonly c: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.add(this.c);
  }
}

class Double extends Module {
  forward(x: Tensor): Tensor {
    return x.mul(2);
  }
}

describe('Sequential', () => {
  it('applies children in order, positional or named', () => {
    const seq = new Sequential(new AddConst(1), new Double());
    expect(seq.forward(tensor([1, 2])).toArray()).toEqual([4, 6]);
    const named = new Sequential({ double: new Double(), plus: new AddConst(1) });
    expect(named.forward(tensor([1, 2])).toArray()).toEqual([3, 5]);
    expect(named.namedChildren().map(([k]) => k)).toEqual(['double', 'plus']);
    const x = tensor([7]);
    expect(new Sequential().forward(x)).toBe(x);
  });

  it('builds and runs 20,000 children listing them a constant number of times, each under its own path', () => {
    // listing a container's children costs one step per child: listing them per child would be quadratic
    const lists = [vi.spyOn(Module.prototype, 'children'), vi.spyOn(Module.prototype, 'namedChildren')];
    const listed = () => lists.reduce((n, spy) => n + spy.mock.calls.length, 0);
    const scopes: (string | undefined)[] = [];
    class ScopeProbe extends Module {
      forward(x: Tensor): Tensor {
        scopes.push(currentScope());
        return x;
      }
    }
    const children = Array.from({ length: 20_000 }, (_, i) =>
      i % 10_000 === 0 ? new ScopeProbe() : new Identity(),
    );
    const seq = new Sequential(...children);
    expect(seq.length).toBe(20_000);
    expect(listed()).toBe(0);
    const x = tensor([1, 2]);
    expect(seq.forward(x)).toBe(x);
    // the children to run, and their names for the scope path
    expect(listed()).toBe(2);
    expect(seq.forward(x)).toBe(x);
    expect(listed()).toBe(3);
    expect(scopes).toEqual(['0 (ScopeProbe)', '10000 (ScopeProbe)', '0 (ScopeProbe)', '10000 (ScopeProbe)']);
    for (const spy of lists) spy.mockRestore();
  });

  it('indexes like PyTorch: negative from the end, IndexError past it; set keeps the key', () => {
    const [a, b] = [new AddConst(1), new Double()];
    const seq = new Sequential(a, b);
    expect(seq.length).toBe(2);
    expect(seq.at(-1)).toBe(b);
    expect([...seq]).toEqual([a, b]);
    expect(() => seq.at(2)).toThrow(IndexError);
    expect(() => seq.at(-3)).toThrow('index -3 is out of range (Sequential of length 2)');
    const c = new AddConst(5);
    seq.set(0, c);
    expect(seq.namedChildren()).toEqual([
      ['0', c],
      ['1', b],
    ]);
    seq.append(new Double());
    expect(seq.forward(tensor([0])).toArray()).toEqual([20]);
  });
});

describe('ModuleList and ModuleDict', () => {
  it('hold children for walks and modes, and have no forward', () => {
    const list = new ModuleList([new Double(), new AddConst(2)]);
    const dict = new ModuleDict({ a: new Double() });
    dict.set('b', list);
    expect(dict.keys()).toEqual(['a', 'b']);
    expect(dict.get('b')).toBe(list);
    expect(dict.has('a') && !dict.has('c')).toBe(true);
    expect(() => dict.get('c')).toThrow("ModuleDict has no key 'c'");
    expect(dict.namedModules().map(([p]) => p)).toEqual(['', 'a', 'b', 'b.0', 'b.1']);
    dict.eval();
    expect(list.at(1).training).toBe(false);
    expect(() => list.forward()).toThrow(
      new RuntimeError('Module [ModuleList] is missing the required "forward" function'),
    );
    expect(() => dict.forward()).toThrow('Module [ModuleDict] is missing the required "forward" function');
  });
});
