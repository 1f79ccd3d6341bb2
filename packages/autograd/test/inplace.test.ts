// In-place writes under grad, as PyTorch: a written tensor carries the write's gradient (torchvision's
// `ReLU(inplace=True)` and `out += identity`), a value saved for the backward pass and then overwritten raises
// PyTorch's version error, writes into a view of a differentiated tensor are refused, and a write into a tensor
// that is not differentiated (a buffer) stores the values without a gradient.
import { add, clamp, clamp_, mul, relu, relu_, sigmoid, sum, type Tensor, tensor, zeros } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { grad } from '../src/index.js';

const x = () => tensor([0.5, -1.5, 2, -0.25]);

describe('in-place writes under grad', () => {
  it('equal their out-of-place form: a residual add and an in-place ReLU', () => {
    const inPlace = (t: Tensor) => {
      const y = mul(t, 3);
      y.add_(t); // out += identity
      clamp_(y, 0); // ReLU(inplace=True)
      y.mul_(t);
      return sum(y);
    };
    const outOfPlace = (t: Tensor) => sum(mul(clamp(add(mul(t, 3), t), 0), t));
    expectClose(grad(inPlace)(x()) as Tensor, grad(outOfPlace)(x()) as Tensor, 0, 0, 'in place');
    expect((grad(inPlace)(x()) as Tensor).toArray()).toEqual([4, 0, 16, 0]);
  });

  it("give relu_ relu's gradient (none at 0) and clamp_ clamp_min's (through 0), as PyTorch", () => {
    // torch: (x * 1).relu_() and nn.ReLU(inplace=True) give [0, 0, 1]; (x * 1).clamp_(min=0) gives [0, 1, 1]
    const at = () => tensor([-1, 0, 2]);
    expect((grad((t: Tensor) => sum(relu_(mul(t, 1))))(at()) as Tensor).toArray()).toEqual([0, 0, 1]);
    expect((grad((t: Tensor) => sum(clamp_(mul(t, 1), 0)))(at()) as Tensor).toArray()).toEqual([0, 1, 1]);
  });

  it("raise PyTorch's error when a value saved for the backward pass was overwritten", () => {
    const f = (t: Tensor) => {
      const y = sigmoid(t); // saves its output
      y.mul_(2);
      return sum(y);
    };
    expect(() => grad(f)(x())).toThrow(
      'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
        '[float32 [4]], which is output 0 of sigmoid, is at version 1; expected version 0 instead.',
    );
    // relu saves its output too; an add_ after it overwrites it, as in PyTorch
    expect(() => grad((t: Tensor) => sum(relu(t).add_(1)))(x())).toThrow('which is output 0 of relu');
  });

  it('refuse a write into a view of a differentiated tensor', () => {
    const f = (t: Tensor) => {
      const y = mul(t, 2);
      y.select(0, 1).mul_(3);
      return sum(y);
    };
    expect(() => grad(f)(x())).toThrow('mul_ writes in place into a view of a tensor being differentiated');
  });

  it('store values into a buffer that is not differentiated, without a gradient through it', () => {
    const buffer = zeros([4]);
    const f = (t: Tensor) => {
      buffer.copy_(mul(t, 10));
      return sum(add(mul(t, t), buffer));
    };
    expect((grad(f)(x()) as Tensor).toArray()).toEqual([1, -3, 4, -0.5]);
    expect(buffer.toArray()).toEqual([5, -15, 20, -2.5]);
    expect(buffer.level).toBe(0);
  });
});
