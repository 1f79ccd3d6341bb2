// A small WebAssembly assembler: encodes a module (one imported memory, functions, exports) to bytes from
// instructions emitted in TypeScript, so the kernels are built from source at load time with no toolchain.
// Covers the subset the kernels use: i32/f32 scalar ops, structured control flow, and 128-bit SIMD.

/** Value types, by their binary encoding. */
export const i32 = 0x7f;
export const f32 = 0x7d;
export const f64 = 0x7c;
export const v128 = 0x7b;
export type ValType = typeof i32 | typeof f32 | typeof f64 | typeof v128;

function uleb(value: number, out: number[]): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(value: number, out: number[]): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function name(text: string, out: number[]): void {
  const bytes = new TextEncoder().encode(text);
  uleb(bytes.length, out);
  out.push(...bytes);
}

function section(id: number, body: number[], out: number[]): void {
  out.push(id);
  uleb(body.length, out);
  out.push(...body);
}

/** A local variable or parameter of the function being written, by index. */
export type Local = number;

/** A tuple of `N` locals. */
type Locals<N extends number, T extends Local[] = []> = T['length'] extends N ? T : Locals<N, [...T, Local]>;

/**
 * The body of one function: `param`/`local` declare variables, each instruction method appends its encoding.
 * Memory operands take a constant byte offset (added to the address on the stack) and assume natural alignment.
 */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];

  constructor(
    readonly params: readonly ValType[],
    readonly results: readonly ValType[],
  ) {}

  /** The index of parameter `i`. */
  param(i: number): Local {
    return i;
  }

  /** A new local of type `type`, zero at entry. */
  local(type: ValType): Local {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  /** One new i32 local per name, loaded from the consecutive words at the address in `base` (a descriptor). */
  loadFields<K extends string>(names: readonly K[], base: Local): Record<K, Local> {
    const fields = {} as Record<K, Local>;
    names.forEach((key, w) => {
      fields[key] = this.local(i32);
      this.get(base)
        .i32Load(4 * w)
        .set(fields[key]);
    });
    return fields;
  }

  /** `count` new locals of type `type`. */
  localsOf<N extends number>(type: ValType, count: N): Locals<N> {
    return Array.from({ length: count }, () => this.local(type)) as Locals<N>;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  private simd(opcode: number): this {
    this.code.push(0xfd);
    uleb(opcode, this.code);
    return this;
  }

  private memarg(align: number, offset: number): this {
    uleb(align, this.code);
    uleb(offset, this.code);
    return this;
  }

  // control flow: `body` emits the instructions inside the construct
  block(body: () => void): this {
    this.op(0x02, 0x40);
    body();
    return this.op(0x0b);
  }
  loop(body: () => void): this {
    this.op(0x03, 0x40);
    body();
    return this.op(0x0b);
  }
  if(then: () => void, otherwise?: () => void): this {
    this.op(0x04, 0x40);
    then();
    if (otherwise) {
      this.op(0x05);
      otherwise();
    }
    return this.op(0x0b);
  }
  /** Branches to the `depth`-th enclosing construct (0 = innermost): a loop restarts, a block exits. */
  br(depth: number): this {
    this.op(0x0c);
    uleb(depth, this.code);
    return this;
  }
  brIf(depth: number): this {
    this.op(0x0d);
    uleb(depth, this.code);
    return this;
  }
  return(): this {
    return this.op(0x0f);
  }
  call(index: number): this {
    this.op(0x10);
    uleb(index, this.code);
    return this;
  }
  drop(): this {
    return this.op(0x1a);
  }
  select(): this {
    return this.op(0x1b);
  }

  get(local: Local): this {
    this.op(0x20);
    uleb(local, this.code);
    return this;
  }
  set(local: Local): this {
    this.op(0x21);
    uleb(local, this.code);
    return this;
  }
  tee(local: Local): this {
    this.op(0x22);
    uleb(local, this.code);
    return this;
  }

  i32Load(offset = 0): this {
    return this.op(0x28).memarg(2, offset);
  }
  f32Load(offset = 0): this {
    return this.op(0x2a).memarg(2, offset);
  }
  i32Store(offset = 0): this {
    return this.op(0x36).memarg(2, offset);
  }
  f32Store(offset = 0): this {
    return this.op(0x38).memarg(2, offset);
  }

  i32Const(value: number): this {
    this.op(0x41);
    sleb(value, this.code);
    return this;
  }
  f32Const(value: number): this {
    this.op(0x43);
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    return this.op(...bytes);
  }

  i32Eqz(): this {
    return this.op(0x45);
  }
  i32Eq(): this {
    return this.op(0x46);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32LeS(): this {
    return this.op(0x4c);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32RemU(): this {
    return this.op(0x70);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Shl(): this {
    return this.op(0x74);
  }

  f64Load(offset = 0): this {
    return this.op(0x2b).memarg(3, offset);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  f32DemoteF64(): this {
    return this.op(0xb6);
  }
  f64PromoteF32(): this {
    return this.op(0xbb);
  }

  f32Add(): this {
    return this.op(0x92);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f32Sub(): this {
    return this.op(0x93);
  }
  f32Max(): this {
    return this.op(0x97);
  }

  /** memory.fill(dest, byte, length) (bulk memory). */
  memoryFill(): this {
    return this.op(0xfc, 0x0b, 0x00);
  }
  /** memory.copy(dest, src, length) (bulk memory; the ranges may overlap). */
  memoryCopy(): this {
    return this.op(0xfc, 0x0a, 0x00, 0x00);
  }

  /** i32.atomic.rmw.add: adds to the i32 at the address and leaves its old value (threads proposal). */
  i32AtomicAdd(offset = 0): this {
    this.code.push(0xfe, 0x1e);
    return this.memarg(2, offset);
  }

  v128Load(offset = 0): this {
    return this.simd(0x00).memarg(4, offset);
  }
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09).memarg(2, offset);
  }
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a).memarg(3, offset);
  }
  /** Loads 64 bits into lane 0 (two floats), zeroing lane 1. */
  v128Load64Zero(offset = 0): this {
    return this.simd(0x5d).memarg(3, offset);
  }
  /** Stores 64-bit lane `lane` (two floats). */
  v128Store64Lane(lane: number, offset = 0): this {
    return this.simd(0x5b).memarg(3, offset).op(lane);
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b).memarg(4, offset);
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }
  f32x4DemoteF64x2Zero(): this {
    return this.simd(0x5e);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f).op(lane);
  }
  f32x4ReplaceLane(lane: number): this {
    return this.simd(0x20).op(lane);
  }
  /** i8x16.shuffle: bytes `lanes[i]` of the 32-byte concatenation of the two operands. */
  i8x16Shuffle(lanes: readonly number[]): this {
    return this.simd(0x0d).op(...lanes);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  /** Relaxed SIMD: a * b + c with or without the intermediate rounding (the engine's choice). */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }

  /** The function's body with its local declarations, as the code section stores it. */
  encode(): number[] {
    const body: number[] = [];
    const runs: [number, ValType][] = [];
    for (const type of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    uleb(runs.length, body);
    for (const [count, type] of runs) {
      uleb(count, body);
      body.push(type);
    }
    body.push(...this.code, 0x0b);
    const out: number[] = [];
    uleb(body.length, out);
    out.push(...body);
    return out;
  }
}

/** The memory every function addresses: imported as `env.memory`, in 64 KiB pages. */
export interface MemoryImport {
  initial: number;
  maximum: number;
  shared: boolean;
}

/** A module of functions over one imported memory; `encode` gives the bytes for `new WebAssembly.Module`. */
export class ModuleBuilder {
  private readonly functions: FunctionBuilder[] = [];
  private readonly exports: [string, number][] = [];

  constructor(private readonly memory: MemoryImport) {}

  /** Adds a function (its index, for `call`), exported under `exportName` when given. */
  add(fn: FunctionBuilder, exportName?: string): number {
    const index = this.functions.length;
    this.functions.push(fn);
    if (exportName !== undefined) this.exports.push([exportName, index]);
    return index;
  }

  encode(): Uint8Array<ArrayBuffer> {
    const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const types: number[] = [];
    uleb(this.functions.length, types);
    for (const fn of this.functions) {
      types.push(0x60);
      uleb(fn.params.length, types);
      types.push(...fn.params);
      uleb(fn.results.length, types);
      types.push(...fn.results);
    }
    section(1, types, out);
    const imports: number[] = [1];
    name('env', imports);
    name('memory', imports);
    imports.push(0x02, this.memory.shared ? 0x03 : 0x01);
    uleb(this.memory.initial, imports);
    uleb(this.memory.maximum, imports);
    section(2, imports, out);
    const funcs: number[] = [];
    uleb(this.functions.length, funcs);
    this.functions.forEach((_, i) => {
      uleb(i, funcs);
    });
    section(3, funcs, out);
    const exports: number[] = [];
    uleb(this.exports.length, exports);
    for (const [exportName, index] of this.exports) {
      name(exportName, exports);
      exports.push(0x00);
      uleb(index, exports);
    }
    section(7, exports, out);
    const code: number[] = [];
    uleb(this.functions.length, code);
    for (const fn of this.functions) code.push(...fn.encode());
    section(10, code, out);
    return new Uint8Array(out);
  }
}
