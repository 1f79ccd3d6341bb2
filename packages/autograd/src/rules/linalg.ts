// Backward rules of @bn/tensor's `ops/linalg.ts` primitives: matmul's cotangents are two more matmuls (g B^T and
// A^T g), with 1-D operands read as a row (A) or column (B) matrix and broadcast batch dims summed back. Never an
// M x K x N intermediate (jax-js#150). B's cotangent keeps B's layout where B is a transposed matrix (linear's
// weight.t()), as PyTorch's mm_mat2_backward: (g^T A)^T rather than A^T g, so the weight's gradient comes out
// row-major instead of as a transposed view that every later reshape would have to copy.
import { matmul, reshape, type Tensor, transpose, unsqueeze } from '@bn/tensor';
import { unbroadcast } from '../helpers.js';
import type { FamilyVjps } from '../rule.js';

export const linalgVjps: FamilyVjps<'linalg'> = {
  matmul: {
    saves: { inputs: [0, 1] },
    vjp: ([g], ctx) => {
      const [a, b] = ctx.savedInputs as [Tensor, Tensor];
      const matrixA = a.ndim === 1 ? unsqueeze(a, 0) : a;
      const matrixB = b.ndim === 1 ? unsqueeze(b, -1) : b;
      // the output with the dims a 1-D operand dropped put back: [..., m, n]
      let out = g!;
      if (a.ndim === 1) out = unsqueeze(out, b.ndim === 1 ? 0 : -2);
      if (b.ndim === 1) out = unsqueeze(out, -1);
      const ga = ctx.needs[0] ? matmul(out, transpose(matrixB, -1, -2)) : null;
      const gb = !ctx.needs[1]
        ? null
        : isTransposedMatrix(matrixB)
          ? transpose(matmul(transpose(out, -1, -2), matrixA), -1, -2)
          : matmul(transpose(matrixA, -1, -2), out);
      return [
        ga && reshape(unbroadcast(ga, matrixA.shape), a.shape),
        gb && reshape(unbroadcast(gb, matrixB.shape), b.shape),
      ];
    },
  },
};

/** Whether `m` is a concrete 2-D matrix laid out column-major (the transpose of a row-major one, as `t(weight)`). */
function isTransposedMatrix(m: Tensor): boolean {
  if (m.level > 0 || m.ndim !== 2) return false;
  const [rows, columns] = m.shape as [number, number];
  return rows > 1 && columns > 1 && m.strides[0] === 1 && m.strides[1] === rows;
}
