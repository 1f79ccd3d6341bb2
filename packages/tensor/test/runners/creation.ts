// Runners for the creation fixtures (tools/golden/creation.py): the inputs are params, not tensors.
import {
  arange,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  tensor,
  zeros,
  zerosLike,
} from '../../src/ops/creation.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  arange: (_, { args }) => arange(args[0], args[1], args[2]),
  linspace: (_, { start, end, steps }) => linspace(start, end, steps),
  eye: (_, { n, m }) => eye(n, m),
  full: (_, { shape, value }) => full(shape, value),
  zeros: (_, { shape }) => zeros(shape),
  ones: (_, { shape, dtype }) => ones(shape, { dtype }),
  tensor: (_, { data, shape, dtype }) => tensor(data, shape, { dtype }),
  zerosLike: ([x]) => zerosLike(x!),
  onesLike: ([x]) => onesLike(x!),
};
