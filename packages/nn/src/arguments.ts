// Argument checks of @bn/nn's modules and functions, in @bn/tensor's wording (`<op>(): argument '<arg>' must be
// <expected>, but got <what came>`), beside @bn/tensor's own `expect*`: thrown before anything is built or run.
import {
  ArgumentTypeError,
  describeValue,
  expectInteger,
  expectTensor,
  type Tensor,
  ValueError,
} from '@bn/tensor';
import { moduleName } from './module-name.js';

function fail(op: string, arg: string, expected: string, value: unknown): never {
  throw new ArgumentTypeError(
    `${op}(): argument '${arg}' must be ${expected}, but got ${describeValue(value)}`,
  );
}

/** A module's forward input (PyTorch's `input`): a Tensor, checked before the layer reads it. */
export function expectInput(module: object, value: unknown): asserts value is Tensor {
  expectTensor(`${moduleName(module.constructor)}.forward`, 'input', value);
}

/** A size given as one integer or as a list of one or two (PyTorch's `_pair` arguments), each at least `min`. */
export function expectIntOrPair(
  op: string,
  arg: string,
  value: unknown,
  min: number,
): asserts value is number | readonly number[] {
  const expected = 'an integer or a list of 1 or 2 integers';
  if (typeof value === 'number') {
    expectInteger(op, arg, value, min);
    return;
  }
  if (!Array.isArray(value)) fail(op, arg, expected, value);
  if (value.length < 1 || value.length > 2) {
    throw new ValueError(`${op}(): argument '${arg}' must be ${expected}, but got [${value.join(', ')}]`);
  }
  value.forEach((v, i) => {
    expectInteger(op, `${arg}[${i}]`, v, min);
  });
}

/** A number, or null where the option allows it (BatchNorm's cumulative-average `momentum`). */
export function expectNumberOrNull(op: string, arg: string, value: unknown): asserts value is number | null {
  if (value !== null && typeof value !== 'number') fail(op, arg, 'a number or null', value);
}
