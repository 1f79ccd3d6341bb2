// The argument checks: what each accepts, and the error (class and text) for what it refuses.
import { describe, expect, it } from 'vitest';
import { ArgumentTypeError, ValueError } from './errors.js';
import { tensor } from './ops/creation.js';
import {
  expectFunction,
  expectInteger,
  expectIntegers,
  expectOptionalTensor,
  expectOptions,
  expectScalar,
  expectSyncFunction,
  expectTensor,
  expectTensorOrScalar,
  expectTensors,
  refusePromise,
} from './validate.js';

describe('argument checks', () => {
  const x = tensor([1, 2]);

  it('accept what they name', () => {
    expect(() => expectTensor('f', 'input', x)).not.toThrow();
    expect(() => expectOptionalTensor('f', 'bias', null)).not.toThrow();
    expect(() => expectTensors('f', 'tensors', [x, x])).not.toThrow();
    expect(() => expectScalar('f', 'value', Number.NaN)).not.toThrow();
    expect(() => expectScalar('f', 'value', true)).not.toThrow();
    expect(() => expectTensorOrScalar('f', 'other', 2)).not.toThrow();
    expect(() => expectInteger('f', 'n', -3)).not.toThrow();
    expect(() => expectIntegers('f', 'size', [2, 0])).not.toThrow();
    expect(() => expectFunction('f', 'fn', () => 1)).not.toThrow();
    expect(() => expectOptions('f', 'options', {})).not.toThrow();
    expect(() => expectOptions('f', 'options', Object.create(null))).not.toThrow();
  });

  it('name the function, the argument, what was expected and what came', () => {
    expect(() => expectTensor('exp', 'input', 'x')).toThrow(
      new ArgumentTypeError("exp(): argument 'input' must be a Tensor, but got a string"),
    );
    expect(() => expectOptionalTensor('conv2d', 'bias', undefined)).toThrow(
      "conv2d(): argument 'bias' must be a Tensor, but got undefined",
    );
    expect(() => expectTensors('cat', 'tensors', [x, 5])).toThrow(
      "cat(): argument 'tensors[1]' must be a Tensor, but got a number",
    );
    expect(() => expectTensors('cat', 'tensors', x)).toThrow(
      "cat(): argument 'tensors' must be an array of Tensors, but got a Tensor",
    );
    for (const bad of ['a', 10n, undefined, null]) {
      expect(() => expectScalar('add', 'other', bad)).toThrow(ArgumentTypeError);
      expect(() => expectTensorOrScalar('add', 'other', bad)).toThrow(ArgumentTypeError);
    }
    expect(() => expectIntegers('zeros', 'size', 'abc')).toThrow(
      "zeros(): argument 'size' must be an array of integers, but got a string",
    );
    expect(() => expectIntegers('zeros', 'size', [2, '3'])).toThrow(
      "zeros(): argument 'size[1]' must be an integer, but got a string",
    );
    expect(() => expectFunction('vmap', 'func', 5)).toThrow(
      "vmap(): argument 'func' must be a function, but got a number",
    );
    expect(() => expectOptions('functionalCall', 'parameterAndBufferDicts', new Map())).toThrow(
      "functionalCall(): argument 'parameterAndBufferDicts' must be an options object, but got a Map",
    );
    expect(() => expectOptions('f', 'options', [1])).toThrow(ArgumentTypeError);
  });

  it('tell a wrong type from a wrong value', () => {
    expect(() => expectInteger('randperm', 'n', '3')).toThrow(ArgumentTypeError);
    expect(() => expectInteger('randperm', 'n', 2.5, 0)).toThrow(
      new ValueError("randperm(): argument 'n' must be a non-negative integer, but got 2.5"),
    );
    expect(() => expectInteger('f', 'k', 0, 1)).toThrow(
      "f(): argument 'k' must be an integer >= 1, but got 0",
    );
  });
});

describe('functions run synchronously', () => {
  it('refuses an async function before calling it', () => {
    let ran = false;
    const fn = async () => {
      ran = true;
    };
    expect(() => expectSyncFunction('vmap', 'func', fn)).toThrow(
      "vmap(): argument 'func' is an async function, but vmap runs it synchronously",
    );
    expect(ran).toBe(false);
    expect(() => expectSyncFunction('vmap', 'func', () => 1)).not.toThrow();
  });

  it('refuses a returned promise and keeps its rejection from going unhandled', async () => {
    const unhandled: unknown[] = [];
    const record = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', record);
    try {
      const promise = Promise.reject(new Error('later'));
      expect(() => refusePromise('evalMode', 'fn', promise)).toThrow(
        "evalMode(): argument 'fn' returned a Promise, but evalMode runs it synchronously",
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(() => refusePromise('evalMode', 'fn', 3)).not.toThrow();
  });
});
