// roundHalfEven: rounding to the nearest integer with ties to even, as Python's round() and torch.round.
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
