// Collectives over a named vmap axis (JAX's `psum`/`pmean` with `axis_name`). They dispatch to the innermost
// transform; a vmap binding the name reduces over its axis. Evaluated eagerly, no vmap binds any name.
import { DTypeError, RuntimeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { definePrimitive } from '../primitive.js';
import type { Tensor } from '../tensor.js';

interface CollectiveParams {
  axisName: string;
}

function collective(name: 'psum' | 'pmean') {
  return definePrimitive<CollectiveParams>({
    name,
    family: 'collective',
    dispatch: 'top',
    shapeRule: ([x], { axisName }) => {
      if (typeof axisName !== 'string' || axisName === '') {
        throw new ValueError(
          `${name}(): expected axisName to be a non-empty string, but got ${String(axisName)}`,
        );
      }
      if (name === 'pmean' && x!.dtype !== 'float32') {
        throw new DTypeError(`pmean(): expected a float32 input, but got ${x!.dtype}`);
      }
      return [{ shape: x!.shape, dtype: x!.dtype === 'bool' ? 'int32' : x!.dtype }];
    },
    impl: (_, { axisName }) => {
      throw new RuntimeError(
        `${name}(): no vmap binds axis name '${axisName}'; call it inside vmap(fn, { axisName: '${axisName}' })`,
      );
    },
  });
}

export const psumPrimitive = collective('psum');
export const pmeanPrimitive = collective('pmean');

/** Sum of `x` over the vmap axis named `axisName` (every member gets the total). */
export function psum(x: Tensor, axisName: string): Tensor {
  return bind1(psumPrimitive, [x], { axisName });
}

/** Mean of `x` over the vmap axis named `axisName`. */
export function pmean(x: Tensor, axisName: string): Tensor {
  return bind1(pmeanPrimitive, [x], { axisName });
}
