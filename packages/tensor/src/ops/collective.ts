// Collectives over a named vmap axis (JAX's `psum`/`pmean` with `axis_name`). They dispatch to the innermost
// transform; a vmap binding the name reduces over its axis. Evaluated eagerly, no vmap binds any name.
import { DTypeError, RuntimeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { defineFamily, type PrimitiveSpec } from '../primitive.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from '../validate.js';

export interface CollectiveParams {
  axisName: string;
}

function collectiveSpec(name: 'psum' | 'pmean'): PrimitiveSpec<CollectiveParams> {
  return {
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
  };
}

export const collectivePrimitives = /* @__PURE__ */ defineFamily('collective', {
  psum: collectiveSpec('psum'),
  pmean: collectiveSpec('pmean'),
});

/** Sum of `x` over the vmap axis named `axisName` (every member gets the total). */
export function psum(x: Tensor, axisName: string): Tensor {
  expectTensor('psum', 'input', x);
  return bind1(collectivePrimitives.psum, [x], { axisName });
}

/** Mean of `x` over the vmap axis named `axisName`. */
export function pmean(x: Tensor, axisName: string): Tensor {
  expectTensor('pmean', 'input', x);
  return bind1(collectivePrimitives.pmean, [x], { axisName });
}
