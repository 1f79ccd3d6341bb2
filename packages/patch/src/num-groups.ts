// The group count of a GroupNorm standing in for a BatchNorm over C channels: Opacus's default gcd(32, C)
// (opacus/validators/batch_norm.py), a fixed count, or a function of C.
import { ArgumentTypeError, describeValue, expectInteger, ValueError } from '@bn/tensor';

/** A fixed group count, or a function of the channel count returning one. */
export type NumGroups = number | ((channels: number) => number);

/** Opacus's choice: 32 groups (the GroupNorm paper's default) reduced to a divisor of C. */
export function defaultNumGroups(channels: number): number {
  expectInteger('defaultNumGroups', 'channels', channels, 1);
  let [a, b] = [32, channels];
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Throws unless `numGroups` is a positive integer or a function. */
export function checkNumGroups(fn: string, numGroups: unknown): asserts numGroups is NumGroups {
  if (typeof numGroups === 'function') return;
  if (typeof numGroups !== 'number') {
    throw new ArgumentTypeError(
      `${fn}(): argument 'numGroups' must be a positive integer or a function (channels) => number, but got ${describeValue(numGroups)}`,
    );
  }
  if (!Number.isInteger(numGroups) || numGroups < 1) {
    throw new ValueError(`${fn}: expected numGroups to be a positive integer, but got ${numGroups}`);
  }
}

/** The group count for `channels` (GroupNorm's constructor checks that it is valid and divides `channels`). */
export function numGroupsFor(numGroups: NumGroups | undefined, channels: number): number {
  if (numGroups === undefined) return defaultNumGroups(channels);
  return typeof numGroups === 'function' ? numGroups(channels) : numGroups;
}
