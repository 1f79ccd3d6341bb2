// Containers: Sequential chains in order (positional or named), ModuleList and ModuleDict hold children that
// walks, the state dict and train/eval reach; indexing follows PyTorch (negative indices, IndexError).
import { IndexError, RuntimeError, type Tensor, tensor } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { ModuleDict, ModuleList, Sequential } from './containers.js';
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
