// Sample statistics for tests of random draws (compared against a distribution's moments within standard errors).

/** The sample mean and the unbiased sample variance. */
export function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, variance: squares / (values.length - 1) };
}
