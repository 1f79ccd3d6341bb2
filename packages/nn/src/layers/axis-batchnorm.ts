// Batch normalisation whose statistics span a named vmap axis (flax's BatchNorm `axis_name`): per-channel moments
// of each mapped member, averaged over the axis with `pmean`, so every member is normalised with the statistics
// of the whole mapped batch; the running stats receive those shared (unbatched) statistics.
import { formatShape, pmean, type Tensor, ValueError } from '@bn/tensor';

export interface AxisBatchNormOptions {
  weight: Tensor | null;
  bias: Tensor | null;
  momentum: number | null;
  eps: number;
  axisName: string;
  /** Number of members on the axis. */
  axisSize: number;
  /** Update the running stats (when given) with the shared statistics. */
  training: boolean;
  /** int32 batch count, already incremented; given whenever momentum is null (the cumulative average). */
  numBatchesTracked: Tensor | null;
}

/** Normalises x [N, C, *] (one member) with batch statistics averaged over the vmap axis `axisName`. */
export function axisBatchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  { weight, bias, momentum, eps, axisName, axisSize, training, numBatchesTracked }: AxisBatchNormOptions,
): Tensor {
  const c = x.shape[1]!;
  const reduced = x.shape.map((_, d) => d).filter((d) => d !== 1);
  const perChannel = [1, c, ...x.shape.slice(2).map(() => 1)];
  // values per channel across the whole axis: each member has the same shape
  const count = (x.numel() / c) * axisSize;
  if (training && count <= 1) {
    throw new ValueError(
      `Expected more than 1 value per channel when training, got input size ${formatShape(x.shape)} on each of ` +
        `${axisSize} members of axis '${axisName}'`,
    );
  }
  const mean = pmean(x.mean(reduced), axisName);
  const centered = x.sub(mean.reshape(perChannel));
  const variance = pmean(centered.square().mean(reduced), axisName);
  let y = centered.mul(variance.add(eps).rsqrt().reshape(perChannel));
  if (weight) y = y.mul(weight.reshape(perChannel));
  if (bias) y = y.add(bias.reshape(perChannel));
  if (training && (runningMean || runningVar)) {
    const factor = momentum ?? numBatchesTracked!.float().reciprocal();
    const keep = typeof factor === 'number' ? 1 - factor : factor.neg().add(1);
    // both new values first, then the writes: statistics batched by an outer vmap cannot go into unbatched running
    // stats, and the first copy refuses before either buffer changed (both values are batched alike)
    const newMean = runningMean?.mul(keep).add(mean.mul(factor));
    const newVar = runningVar?.mul(keep).add(variance.mul(count / (count - 1)).mul(factor));
    if (runningMean) runningMean.copy_(newMean!);
    if (runningVar) runningVar.copy_(newVar!);
  }
  return y;
}
