// The interpreter stack: dispatch by the highest input level, 'top' dispatch, nesting, escaped tensors,
// readout refusal, the refusal of writes into overlapping memory, and the scope stack.
import { describe, expect, it } from 'vitest';
import { Passthrough } from '../test/passthrough.js';
import { RuntimeError } from './errors.js';
import { axisFrame, bind1, interpreterAt, stackDepth, withInterpreter } from './interpreter.js';
import { tensor } from './ops/creation.js';
import { defineFamily, type PrimitiveSpec } from './primitive.js';
import { currentScope, scopeStack, withScope } from './scope.js';
import { Storage } from './storage.js';
import { Tensor } from './tensor.js';

type NoParams = Record<string, never>;

/** neg, a 'top' draw and an in-place fill, defined here so the test does not depend on the ops families. */
const {
  negate,
  draw,
  fill_: fill,
} = defineFamily('test', {
  negate: {
    shapeRule: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }],
    impl: ([x]) => [
      tensor(
        [...x!.toTypedArray()].map((v) => -v),
        x!.shape,
      ),
    ],
  } satisfies PrimitiveSpec<NoParams>,
  draw: {
    dispatch: 'top',
    shapeRule: () => [{ shape: [], dtype: 'float32' }],
    impl: () => [tensor(4)],
  } satisfies PrimitiveSpec<NoParams>,
  fill_: {
    mutates: [0],
    shapeRule: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }],
    impl: ([x]) => {
      x!.storage.data.fill(1);
      return [x!];
    },
  } satisfies PrimitiveSpec<NoParams>,
});

describe('bind and the interpreter stack', () => {
  it('evaluates level-0 inputs eagerly', () => {
    expect(stackDepth()).toBe(0);
    expect(bind1(negate, [tensor([1, -2])], {}).toArray()).toEqual([-1, 2]);
  });

  it('hands a call to the interpreter of the highest input level, which lowers it', () => {
    const out = withInterpreter(
      (level) => new Passthrough(level),
      (p) => {
        expect(p.level).toBe(1);
        expect(interpreterAt(1)).toBe(p);
        const y = bind1(negate, [p.wrap(tensor([3]))], {});
        expect(y.level).toBe(1);
        expect(p.seen).toEqual(['negate']);
        return y.payload as Tensor;
      },
    );
    expect(out.toArray()).toEqual([-3]);
    expect(stackDepth()).toBe(0);
  });

  it('nests levels: an inner call with an outer-level input goes to the outer interpreter', () => {
    withInterpreter(
      (l) => new Passthrough(l),
      (outer) => {
        withInterpreter(
          (l) => new Passthrough(l),
          (inner) => {
            expect(inner.level).toBe(2);
            bind1(negate, [outer.wrap(tensor([1]))], {});
            expect(outer.seen).toEqual(['negate']);
            expect(inner.seen).toEqual([]);
            const y = bind1(negate, [inner.wrap(outer.wrap(tensor([1])))], {});
            expect(y.level).toBe(2);
            expect(inner.seen).toEqual(['negate']);
          },
        );
      },
    );
  });

  it("sends 'top' primitives to the innermost interpreter even without inputs", () => {
    withInterpreter(
      (l) => new Passthrough(l),
      (p) => {
        expect(bind1(draw, [], {}).level).toBe(1);
        expect(p.seen).toEqual(['draw']);
      },
    );
    expect(bind1(draw, [], {}).item()).toBe(4);
  });

  it('refuses a tensor that escaped its interpreter, even when a new one takes its level', () => {
    const escaped = withInterpreter(
      (l) => new Passthrough(l),
      (t) => t.wrap(tensor([1, 2])),
    );
    expect(() => bind1(negate, [escaped], {})).toThrow(
      /escaped from a passthrough \(level 1\) that has already returned/,
    );
    withInterpreter(
      (l) => new Passthrough(l),
      () => {
        expect(() => bind1(negate, [escaped], {})).toThrow(RuntimeError);
      },
    );
  });

  it('pops the interpreter when the function throws', () => {
    expect(() =>
      withInterpreter(
        (l) => new Passthrough(l),
        () => {
          throw new Error('boom');
        },
      ),
    ).toThrow('boom');
    expect(stackDepth()).toBe(0);
  });

  it('asks the owning interpreter to refuse readouts of wrapped tensors', () => {
    withInterpreter(
      (l) => new Passthrough(l),
      (p) => {
        const w = p.wrap(tensor([[1, 2]]));
        expect(w.shape).toEqual([1, 2]);
        expect(() => w.item()).toThrow('passthrough: cannot call item() on a tensor of shape [1, 2]');
        expect(() => w.toArray()).toThrow(/toArray\(\)/);
        expect(() => w.storage).toThrow(/storage access/);
      },
    );
  });
});

/** A passthrough level that binds a named axis. */
class Named extends Passthrough {
  constructor(
    level: number,
    readonly axis: { name: string; size: number },
  ) {
    super(level);
  }
}

describe('axisFrame', () => {
  it('finds the innermost active level binding a name, and none outside or while that level is suspended', () => {
    expect(axisFrame('i')).toBeUndefined();
    withInterpreter(
      (level) => new Named(level, { name: 'i', size: 3 }),
      (outer) => {
        expect(axisFrame('i')).toEqual({ name: 'i', size: 3 });
        expect(axisFrame('j')).toBeUndefined();
        withInterpreter(
          (level) => new Named(level, { name: 'i', size: 5 }),
          (inner) => {
            expect(axisFrame('i')).toEqual({ name: 'i', size: 5 });
            // levels processing a call are suspended: the kernel under both sees no axis
            const seen: (number | undefined)[] = [];
            const { probe } = defineFamily('test', {
              probe: {
                shapeRule: ([x]) => [{ shape: x!.shape, dtype: x!.dtype }],
                impl: ([x]) => {
                  seen.push(axisFrame('i')?.size);
                  return [x!];
                },
              } satisfies PrimitiveSpec<NoParams>,
            });
            bind1(probe, [inner.wrap(outer.wrap(tensor([1])))], {});
            expect(seen).toEqual([undefined]);
            withInterpreter(
              (level) => new Passthrough(level),
              () => expect(axisFrame('i')?.size).toBe(5),
            );
          },
        );
      },
    );
    expect(axisFrame('i')).toBeUndefined();
  });
});

describe('in-place primitives', () => {
  it('refuse to write into a tensor whose elements share memory, before running', () => {
    const storage = new Storage(new Float32Array([5, 6]));
    const expanded = Tensor.fromStorage(storage, [3, 2], [0, 1], 0);
    expect(() => bind1(fill, [expanded], {})).toThrow(
      'more than one element of the written-to tensor refers to a single memory location',
    );
    expect([...storage.data]).toEqual([5, 6]);
    const row = Tensor.fromStorage(storage, [1, 2], [0, 1], 0);
    bind1(fill, [row], {});
    expect([...storage.data]).toEqual([1, 1]);
  });
});

describe('scope stack', () => {
  it('nests names and restores them when the body throws', () => {
    expect(currentScope()).toBeUndefined();
    withScope('layer1', () => {
      withScope('layer1.0.bn1 (BatchNorm2d)', () => {
        expect(scopeStack()).toEqual(['layer1', 'layer1.0.bn1 (BatchNorm2d)']);
      });
      expect(() =>
        withScope('fc', () => {
          throw new Error('x');
        }),
      ).toThrow('x');
      expect(currentScope()).toBe('layer1');
    });
    expect(scopeStack()).toEqual([]);
  });
});
