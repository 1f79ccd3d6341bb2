// Property cases of the norm primitives (see test/property.ts): batchNorm in training and eval over logical
// ranks 2-4 with every optional input present or null, its backward with batch or running statistics, groupNorm and
// its backward over several group counts, layerNorm over 1-3 normalized dims. The harness also observes batchNorm's
// running stats after the call.

import { shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats, ints, positives } from '../values.js';

const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** x [N, C, *spatial] with 0-2 spatial dims (logical ranks 2-4). */
const normInput = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), shape(0, 2));

/** Which of runningMean, runningVar are given (training may update just one). */
type Stats = 'both' | 'none' | 'mean' | 'var';

const batchNormCase = fc
  .record({
    input: normInput,
    training: fc.boolean(),
    momentum: fc.constantFrom(0.1, 0.5, null),
    stats: fc.constantFrom<Stats>('both', 'both', 'none', 'mean', 'var'),
    count: fc.constantFrom('none', 'scalar', 'perChannel'),
    weight: fc.boolean(),
    bias: fc.boolean(),
  })
  .filter(({ input: [n, , spatial], training, stats, momentum, count }) => {
    if (!training) return stats === 'both' || stats === 'none';
    // training needs more than one value per channel, and a count for the cumulative average
    return n * numel(spatial) > 1 && (momentum !== null || stats === 'none' || count !== 'none');
  })
  .map(({ input: [n, c, spatial], training, momentum, stats, count, weight, bias }): MemberCase => {
    const hasMean = stats === 'both' || stats === 'mean';
    const hasVar = stats === 'both' || stats === 'var';
    return {
      params: { training, momentum, eps: 1e-5 },
      member: (s) => [
        floats([n, c, ...spatial], 6 * s),
        weight ? floats([c], 6 * s + 1) : null,
        bias ? floats([c], 6 * s + 2) : null,
        hasMean ? floats([c], 6 * s + 3) : null,
        hasVar ? positives([c], 6 * s + 4) : null,
        count === 'none' ? null : ints(count === 'scalar' ? [] : [c], 6 * s + 5, 1, 5),
      ],
      // training updates the running stats given: batching anything then needs them batched (else the error)
      allowed: (batched) =>
        !training || ((!hasMean || batched[3]!) && (!hasVar || batched[4]!)) || !batched.some(Boolean),
    };
  });

const batchNormBackwardCase = fc
  .record({ input: normInput, training: fc.boolean(), stats: fc.boolean(), weight: fc.boolean() })
  .map(
    ({ input: [n, c, spatial], training, stats, weight }): MemberCase => ({
      params: { training, eps: 1e-5 },
      member: (s) => [
        floats([n, c, ...spatial], 5 * s),
        floats([n, c, ...spatial], 5 * s + 1),
        weight ? floats([c], 5 * s + 2) : null,
        stats ? floats([c], 5 * s + 3) : null,
        stats ? positives([c], 5 * s + 4) : null,
      ],
    }),
  );

/** groupNorm's input: [N, C, *spatial] with C = groups * perGroup, more than one value per group. */
const groupedInput = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    groups: fc.integer({ min: 1, max: 3 }),
    perGroup: fc.integer({ min: 1, max: 2 }),
    spatial: shape(0, 2),
  })
  .filter(({ n, perGroup, spatial }) => n * perGroup * numel(spatial) > 1)
  .map(({ n, groups, perGroup, spatial }) => ({
    x: [n, groups * perGroup, ...spatial],
    c: groups * perGroup,
    groups,
  }));

const groupNormCase = fc.tuple(groupedInput, fc.boolean(), fc.boolean()).map(
  ([{ x, c, groups }, weight, bias]): MemberCase => ({
    params: { numGroups: groups, eps: 1e-5 },
    member: (s) => [
      floats(x, 3 * s),
      weight ? floats([c], 3 * s + 1) : null,
      bias ? floats([c], 3 * s + 2) : null,
    ],
  }),
);

const groupNormBackwardCase = fc.tuple(groupedInput, fc.boolean()).map(
  ([{ x, c, groups }, weight]): MemberCase => ({
    params: { numGroups: groups, eps: 1e-5 },
    member: (s) => [floats(x, 3 * s), floats(x, 3 * s + 1), weight ? floats([c], 3 * s + 2) : null],
  }),
);

const layerNormCase = fc
  .record({ lead: shape(0, 2), normalized: shape(1, 3), weight: fc.boolean(), bias: fc.boolean() })
  .map(
    ({ lead, normalized, weight, bias }): MemberCase => ({
      params: { normalizedShape: normalized, eps: 1e-5 },
      member: (s) => [
        floats([...lead, ...normalized], 3 * s),
        weight ? floats(normalized, 3 * s + 1) : null,
        bias ? floats(normalized, 3 * s + 2) : null,
      ],
    }),
  );

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  batchNorm: batchNormCase,
  batchNormBackward: batchNormBackwardCase,
  groupNorm: groupNormCase,
  groupNormBackward: groupNormBackwardCase,
  layerNorm: layerNormCase,
};
