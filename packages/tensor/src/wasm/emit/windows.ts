// Sliding-window kernels of the WebAssembly backend over padded planes, written with the assembler: max
// pooling (a running f32x4.max: branch-free and nan-propagating, where a compare-and-branch in JS mispredicts
// on every other tap of random data) and depthwise convolution (a running f32x4 multiply-add with the
// channel's weights). Four outputs of a row at a time: their taps gathered into one f32x4 (one load when
// the horizontal stride is 1), so four windows make one chain of vector ops.
import { FunctionBuilder, i32, type ModuleBuilder, v128 } from './assembler.js';
import { forRange } from './loops.js';

/** Words of a window-kernel descriptor (i32; addresses in bytes, sizes and strides in elements), in order. */
export const WINDOW_FIELDS = [
  'src',
  'dst',
  'paddedH',
  'paddedW',
  'outH',
  'outW',
  'kernelH',
  'kernelW',
  'strideH',
  'strideW',
  'dilationH',
  'dilationW',
  'channels',
  'weights',
  'bias',
  'hasBias',
] as const;

/**
 * Adds `max_pool(desc, from, to)` and `depthwise_conv(desc, from, to)`: planes p in [from, to) of src
 * (paddedH x paddedW each, padded so that every window lies inside) give outH x outW planes of dst, output
 * (y, x) over the taps (y * strideH + i * dilationH, x * strideW + j * dilationW): their max, or their sum
 * weighted by the kernelH x kernelW weights of channel p mod channels (then + bias[c] when hasBias).
 */
export function addWindowKernels(mod: ModuleBuilder): void {
  for (const kind of ['max', 'depthwise'] as const) {
    const name = kind === 'max' ? 'max_pool' : 'depthwise_conv';
    mod.add(windowKernel(kind, false), name);
    mod.add(windowKernel(kind, true), `${name}_3x3`);
  }
}

/**
 * The kernel of `kind`; with `threeByThree` for 3x3 windows only, its taps unrolled (constant offsets, the
 * channel's nine weights held in registers). Rows go eight outputs at a time in two independent f32x4
 * chains (one chain would wait on each add's latency), then four, then one.
 */
function windowKernel(kind: 'max' | 'depthwise', threeByThree: boolean): FunctionBuilder {
  const f = new FunctionBuilder([i32, i32, i32], []);
  const [from, to] = [1, 2];
  const F = f.loadFields(WINDOW_FIELDS, 0);
  const [p, y, x, i, j, plane, rowAt, out, rowStep, colStep, lanes, kernel] = f.localsOf(i32, 12);
  const [pairs, vectors, row1, row2, col1, col2] = f.localsOf(i32, 6);
  const taps = f.localsOf(i32, 2);
  const accs = f.localsOf(v128, 2);
  const values = f.localsOf(v128, 2);
  const start = f.local(v128);
  const weights = threeByThree ? f.localsOf(v128, 9) : [];
  // bytes between taps down and across, and between the windows of neighbouring outputs
  f.get(F.dilationH).get(F.paddedW).i32Mul().i32Const(2).i32Shl().set(rowStep);
  f.get(F.dilationW).i32Const(2).i32Shl().set(colStep);
  f.get(F.strideW).i32Const(2).i32Shl().set(lanes);
  f.get(F.outW).i32Const(-8).i32And().set(pairs);
  f.get(F.outW).i32Const(-4).i32And().set(vectors);
  f.get(rowStep).tee(row1).i32Const(1).i32Shl().set(row2);
  f.get(colStep).tee(col1).i32Const(1).i32Shl().set(col2);
  f.get(from)
    .get(F.paddedH)
    .i32Mul()
    .get(F.paddedW)
    .i32Mul()
    .i32Const(2)
    .i32Shl()
    .get(F.src)
    .i32Add()
    .set(plane);
  f.get(from).get(F.outH).i32Mul().get(F.outW).i32Mul().i32Const(2).i32Shl().get(F.dst).i32Add().set(out);

  /** values[k] = the tap at `at` of four outputs (`wide`: one load at `unit` stride, else a gather) or of one. */
  const load = (at: () => void, wide: boolean, unit: boolean, k: number) => {
    at();
    if (!wide) f.v128Load32Splat();
    else if (unit) f.v128Load();
    else {
      f.v128Load32Splat();
      for (let lane = 1; lane < 4; lane++) {
        at();
        f.get(lanes).i32Const(lane).i32Mul().i32Add().f32Load().f32x4ReplaceLane(lane);
      }
    }
    f.set(values[k]!);
  };
  /** accs[k] = accs[k] (op) values[k]: their max, or accs[k] + values[k] * the weight `weight` emits. */
  const fold = (weight: () => void, k: number) => {
    f.get(accs[k]!).get(values[k]!);
    if (kind === 'max') f.f32x4Max();
    else {
      weight();
      f.f32x4Mul().f32x4Add();
    }
    f.set(accs[k]!);
  };
  /** Folds the taps of `chains` groups of outputs (from taps[k]; four lanes when `wide`, else lane 0). */
  const window = (wide: boolean, chains: number) => {
    for (let k = 0; k < chains; k++) f.get(start).set(accs[k]!);
    const tapOf = (k: number, r: number, c: number) => () => {
      f.get(taps[k]!);
      if (r > 0) f.get(r === 1 ? row1 : row2).i32Add();
      if (c > 0) f.get(c === 1 ? col1 : col2).i32Add();
    };
    if (threeByThree) {
      const unrolled = (unit: boolean) => {
        for (let t = 0; t < 9; t++) {
          for (let k = 0; k < chains; k++) load(tapOf(k, Math.floor(t / 3), t % 3), wide, unit, k);
          for (let k = 0; k < chains; k++) fold(() => f.get(weights[t]!), k);
        }
      };
      if (!wide) unrolled(false);
      else {
        f.get(lanes).i32Const(4).i32Eq();
        f.if(
          () => unrolled(true),
          () => unrolled(false),
        );
      }
      return;
    }
    forRange(
      f,
      i,
      () => f.i32Const(0),
      () => f.get(F.kernelH),
      1,
      () => {
        forRange(
          f,
          j,
          () => f.i32Const(0),
          () => f.get(F.kernelW),
          1,
          () => {
            for (let k = 0; k < chains; k++) {
              const at = () =>
                f.get(taps[k]!).get(i).get(rowStep).i32Mul().i32Add().get(j).get(colStep).i32Mul().i32Add();
              if (!wide) load(at, false, false, k);
              else {
                f.get(lanes).i32Const(4).i32Eq();
                f.if(
                  () => load(at, true, true, k),
                  () => load(at, true, false, k),
                );
              }
              fold(() => {
                f.get(kernel).get(i).get(F.kernelW).i32Mul().get(j).i32Add().i32Const(2).i32Shl().i32Add();
                f.v128Load32Splat();
              }, k);
            }
          },
        );
      },
    );
  };
  /** `chains` groups of outputs from column x: their windows folded, the bias added, stored. */
  const outputs = (wide: boolean, chains: number) => {
    for (let k = 0; k < chains; k++)
      f.get(rowAt)
        .get(x)
        .i32Const(4 * k)
        .i32Add()
        .get(lanes)
        .i32Mul()
        .i32Add()
        .set(taps[k]!);
    window(wide, chains);
    for (let k = 0; k < chains; k++) {
      if (kind === 'depthwise') {
        f.get(F.hasBias).if(() => {
          f.get(accs[k]!);
          f.get(p).get(F.channels).i32RemU().i32Const(2).i32Shl().get(F.bias).i32Add().v128Load32Splat();
          f.f32x4Add().set(accs[k]!);
        });
      }
      f.get(out).get(accs[k]!);
      if (wide) f.v128Store(16 * k);
      else f.f32x4ExtractLane(0).f32Store();
    }
    f.get(out)
      .i32Const(wide ? 16 * chains : 4)
      .i32Add()
      .set(out);
  };
  forRange(
    f,
    p,
    () => f.get(from),
    () => f.get(to),
    1,
    () => {
      if (kind === 'max') f.f32Const(Number.NEGATIVE_INFINITY).f32x4Splat().set(start);
      else {
        // the channel's weights (as splats for 3x3), and a zero start (the bias is added after the taps)
        f.get(p).get(F.channels).i32RemU().get(F.kernelH).i32Mul().get(F.kernelW).i32Mul();
        f.i32Const(2).i32Shl().get(F.weights).i32Add().set(kernel);
        weights.forEach((weight, t) => {
          f.get(kernel)
            .v128Load32Splat(4 * t)
            .set(weight);
        });
        f.f32Const(0).f32x4Splat().set(start);
      }
      forRange(
        f,
        y,
        () => f.i32Const(0),
        () => f.get(F.outH),
        1,
        () => {
          f.get(plane)
            .get(y)
            .get(F.strideH)
            .i32Mul()
            .get(F.paddedW)
            .i32Mul()
            .i32Const(2)
            .i32Shl()
            .i32Add()
            .set(rowAt);
          forRange(
            f,
            x,
            () => f.i32Const(0),
            () => f.get(pairs),
            8,
            () => outputs(true, 2),
          );
          forRange(
            f,
            x,
            () => f.get(pairs),
            () => f.get(vectors),
            4,
            () => outputs(true, 1),
          );
          forRange(
            f,
            x,
            () => f.get(vectors),
            () => f.get(F.outW),
            1,
            () => outputs(false, 1),
          );
        },
      );
      f.get(F.paddedH).get(F.paddedW).i32Mul().i32Const(2).i32Shl().get(plane).i32Add().set(plane);
    },
  );
  return f;
}
