// Elementwise kernels of the WebAssembly backend, written with the assembler: ReLU and addition over ranges in
// f32x4 lanes (branch-free, where a compare-and-branch in JS mispredicts on every other element of random data).
import { FunctionBuilder, i32, type ModuleBuilder, v128 } from './assembler.js';
import { forRange } from './loops.js';

/**
 * Adds `relu_range(src, dst, n)` (dst = max(src, 0), nan kept, -0 to +0) and `add_range(a, b, dst, n)`
 * (dst = a + b) over n floats, four at a time and then one at a time: the exact float32 results of the
 * TypeScript row kernels.
 */
export function addRanges(mod: ModuleBuilder): void {
  for (const op of ['relu', 'add'] as const) {
    const binary = op === 'add';
    const f = new FunctionBuilder(binary ? [i32, i32, i32, i32] : [i32, i32, i32], []);
    const [a, b, dst, n] = binary ? [0, 1, 2, 3] : [0, -1, 1, 2];
    const [i, vectors] = f.localsOf(i32, 2);
    const zero = f.local(v128);
    f.get(n).i32Const(-4).i32And().set(vectors);
    const at = (base: number) => f.get(base).get(i).i32Const(2).i32Shl().i32Add();
    const apply = (load: (base: number) => void) => {
      load(a);
      if (binary) {
        load(b);
        f.f32x4Add();
      } else f.get(zero).f32x4Max();
    };
    forRange(
      f,
      i,
      () => f.i32Const(0),
      () => f.get(vectors),
      4,
      () => {
        at(dst);
        apply((base) => at(base).v128Load());
        f.v128Store();
      },
    );
    forRange(
      f,
      i,
      () => f.get(vectors),
      () => f.get(n),
      1,
      () => {
        at(dst);
        apply((base) => at(base).v128Load32Splat());
        f.f32x4ExtractLane(0).f32Store();
      },
    );
    mod.add(f, `${op}_range`);
  }
}
