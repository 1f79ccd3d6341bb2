// BlockParams: the per-stage settings of a RegNet (depth, width, group width, bottleneck multiplier, stride) and the
// SE ratio, computed from the design space's few parameters by torchvision's formulas (quantised linear widths in
// float32, as torch computes them). Mirrors torchvision/models/regnet.py (BlockParams).
import { ValueError } from '@bn/tensor';
import { roundHalfEven } from '../round-half-even.js';
import { makeDivisible } from './make-divisible.js';

export interface BlockParamsInit {
  depths: readonly number[];
  widths: readonly number[];
  groupWidths: readonly number[];
  bottleneckMultipliers: readonly number[];
  strides: readonly number[];
  /** Squeeze-and-excitation width as a fraction of each block's input width; null: no SE (RegNetX). */
  seRatio?: number | null;
}

export interface RegNetDesign {
  /** Number of blocks. */
  depth: number;
  /** Initial width (a multiple of 8). */
  w0: number;
  /** Width slope per block. */
  wA: number;
  /** Width multiplier between stages (> 1): widths are quantised to w0 * wM^k. */
  wM: number;
  groupWidth: number;
  bottleneckMultiplier?: number;
  seRatio?: number | null;
}

/** The settings of one stage, as RegNet builds it. */
export interface StageParams {
  width: number;
  stride: number;
  depth: number;
  groupWidth: number;
  bottleneckMultiplier: number;
}

const QUANT = 8;
const STRIDE = 2;
const f32 = Math.fround;

export class BlockParams {
  readonly depths: readonly number[];
  readonly widths: readonly number[];
  readonly groupWidths: readonly number[];
  readonly bottleneckMultipliers: readonly number[];
  readonly strides: readonly number[];
  readonly seRatio: number | null;

  constructor({
    depths,
    widths,
    groupWidths,
    bottleneckMultipliers,
    strides,
    seRatio = null,
  }: BlockParamsInit) {
    const lists = { depths, widths, groupWidths, bottleneckMultipliers, strides };
    const lengths = Object.values(lists).map((l) => (Array.isArray(l) ? l.length : -1));
    if (lengths.some((n) => n !== lengths[0] || n < 1)) {
      throw new ValueError(
        `BlockParams: expected ${Object.keys(lists).join(', ')} to be non-empty lists of the same length, ` +
          `but got lengths ${lengths.map((n) => (n < 0 ? 'not a list' : n)).join(', ')}`,
      );
    }
    for (const [name, list] of Object.entries(lists)) {
      const positive =
        name === 'bottleneckMultipliers'
          ? (v: number) => v > 0
          : (v: number) => Number.isInteger(v) && v >= 1;
      if (!list.every(positive)) {
        throw new ValueError(
          `BlockParams: expected ${name} to be positive${name === 'bottleneckMultipliers' ? '' : ' integers'}, but got [${list.join(', ')}]`,
        );
      }
    }
    if (seRatio !== null && !(seRatio > 0)) {
      throw new ValueError(`BlockParams: expected seRatio to be null or positive, but got ${seRatio}`);
    }
    this.depths = [...depths];
    this.widths = [...widths];
    this.groupWidths = [...groupWidths];
    this.bottleneckMultipliers = [...bottleneckMultipliers];
    this.strides = [...strides];
    this.seRatio = seRatio;
  }

  /**
   * The stages of the RegNet design `(depth, w0, wA, wM)`: block j has width w0 + wA * j, quantised in log space
   * to w0 * wM^k and rounded to a multiple of 8; blocks of equal width form a stage, each stage halves the
   * resolution; widths are then adjusted so each stage's bottleneck is a multiple of its group width.
   */
  static fromInitParams({
    depth,
    w0,
    wA,
    wM,
    groupWidth,
    bottleneckMultiplier = 1,
    seRatio = null,
  }: RegNetDesign): BlockParams {
    if (!(wA >= 0) || !(w0 > 0) || !(wM > 1) || w0 % 8 !== 0) {
      throw new ValueError(
        `Invalid RegNet settings: expected wA >= 0, w0 > 0 a multiple of 8 and wM > 1, but got wA=${wA}, w0=${w0}, wM=${wM}`,
      );
    }
    if (!Number.isInteger(depth) || depth < 1) {
      throw new ValueError(
        `Invalid RegNet settings: expected depth to be a positive integer, but got ${depth}`,
      );
    }
    // per-block widths in float32, as torch.arange(depth) * w_a + w_0 and the torch ops after it compute them
    const logWM = f32(Math.log(wM));
    const blockWidths = Array.from({ length: depth }, (_, j) => {
      const continuous = f32(f32(j * f32(wA)) + w0);
      const capacity = roundHalfEven(f32(f32(Math.log(f32(continuous / w0))) / logWM));
      return roundHalfEven(f32(f32(w0 * f32(f32(wM) ** capacity)) / QUANT)) * QUANT;
    });
    // a stage starts wherever the width changes
    const starts = blockWidths.flatMap((w, j) => (j === 0 || w !== blockWidths[j - 1] ? [j] : []));
    const stageWidths = starts.map((j) => blockWidths[j]!);
    const stageDepths = starts.map((j, s) => (starts[s + 1] ?? depth) - j);
    const numStages = new Set(blockWidths).size;
    const bottleneckMultipliers = Array<number>(numStages).fill(bottleneckMultiplier);
    const [widths, groupWidths] = adjustWidthsGroupsCompatibility(
      stageWidths.slice(0, numStages),
      bottleneckMultipliers,
      Array<number>(numStages).fill(groupWidth),
    );
    return new BlockParams({
      depths: stageDepths.slice(0, numStages),
      widths,
      groupWidths,
      bottleneckMultipliers,
      strides: Array<number>(numStages).fill(STRIDE),
      seRatio,
    });
  }

  /** The stages' settings in order (torchvision's `_get_expanded_params`). */
  stages(): StageParams[] {
    return this.widths.map((width, i) => ({
      width,
      stride: this.strides[i]!,
      depth: this.depths[i]!,
      groupWidth: this.groupWidths[i]!,
      bottleneckMultiplier: this.bottleneckMultipliers[i]!,
    }));
  }
}

/**
 * Widths whose bottlenecks (width * multiplier) are multiples of the group widths, and group widths no wider than
 * the bottlenecks (torchvision's `_adjust_widths_groups_compatibilty`).
 */
function adjustWidthsGroupsCompatibility(
  stageWidths: readonly number[],
  bottleneckRatios: readonly number[],
  groupWidths: readonly number[],
): [number[], number[]] {
  const bottlenecks = stageWidths.map((w, i) => Math.trunc(w * bottleneckRatios[i]!));
  const groupWidthsMin = groupWidths.map((g, i) => Math.min(g, bottlenecks[i]!));
  const adjusted = bottlenecks.map((w, i) => makeDivisible(w, groupWidthsMin[i]!));
  return [adjusted.map((w, i) => Math.trunc(w / bottleneckRatios[i]!)), groupWidthsMin];
}
