// makeDivisible: the nearest multiple of `divisor` to `v`, at least `minValue` and not more than 10% below `v`
// (torchvision/models/_utils.py `_make_divisible`, from TensorFlow's MobileNet).
export function makeDivisible(v: number, divisor: number, minValue: number = divisor): number {
  const rounded = Math.max(minValue, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * v ? rounded + divisor : rounded;
}
