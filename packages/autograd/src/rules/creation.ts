// Backward rules of @bn/tensor's `ops/creation.ts` primitives: `fullLike` is a constant whatever its input's values.
import { type FamilyVjps, NON_DIFFERENTIABLE } from '../rule.js';

export const creationVjps: FamilyVjps<'creation'> = { fullLike: NON_DIFFERENTIABLE };
