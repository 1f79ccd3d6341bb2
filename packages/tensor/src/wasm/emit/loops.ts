// Structured loops for the kernels written with the assembler: a counted `for` over an i32 local.
import type { FunctionBuilder, Local } from './assembler.js';

/**
 * for (counter = start; counter < limit; counter += step) body(): `start` and `limit` emit one i32 each
 * (evaluated once and every iteration respectively). The body must not branch out of the loop.
 */
export function forRange(
  f: FunctionBuilder,
  counter: Local,
  start: () => void,
  limit: () => void,
  step: number,
  body: () => void,
): void {
  start();
  f.set(counter);
  f.block(() => {
    f.loop(() => {
      f.get(counter);
      limit();
      f.i32GeS().brIf(1);
      body();
      f.get(counter).i32Const(step).i32Add().set(counter).br(0);
    });
  });
}

/** local = min(a, b) for two i32 locals or constants emitted by `a` and `b`. */
export function setMin(f: FunctionBuilder, local: Local, a: () => void, b: () => void): void {
  a();
  b();
  a();
  b();
  f.i32LtS().select().set(local);
}

/**
 * for (counter = start; counter < end; counter += step) { size = min(step, end - counter); body() }: the
 * blocks of a blocked loop, the last one short. `end` emits one i32 (evaluated every iteration).
 */
export function forBlocks(
  f: FunctionBuilder,
  counter: Local,
  size: Local,
  start: () => void,
  end: () => void,
  step: number,
  body: () => void,
): void {
  forRange(f, counter, start, end, step, () => {
    setMin(
      f,
      size,
      () => f.i32Const(step),
      () => {
        end();
        f.get(counter).i32Sub();
      },
    );
    body();
  });
}

/** for (counter = 0; counter < limit; counter += step) body(): `limit` emits one i32 (evaluated every iteration). */
export function forUpTo(
  f: FunctionBuilder,
  counter: Local,
  limit: () => void,
  body: () => void,
  step = 1,
): void {
  forRange(f, counter, () => f.i32Const(0), limit, step, body);
}

/**
 * The planes of a job over a batch of images: for every image n < `batch` (a local) and channel c in [from, to)
 * (the function's parameters 1 and 2) stepping by `step`, body().
 */
export function forJobPlanes(
  f: FunctionBuilder,
  n: Local,
  c: Local,
  batch: Local,
  step: number,
  body: () => void,
): void {
  forUpTo(
    f,
    n,
    () => f.get(batch),
    () =>
      forRange(
        f,
        c,
        () => f.get(1),
        () => f.get(2),
        step,
        body,
      ),
  );
}
