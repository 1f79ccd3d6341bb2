// Numbers in error messages as Python prints them, so @bn's messages read as PyTorch's (`Invalid epsilon value:
// -1e-08`, `The total norm of order 2.0`).

/** Python's repr of a float: the shortest digits, `.0` on a whole number, an exponent of two digits or more outside [1e-4, 1e16). */
export function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const [digits, exponent] = x.toExponential().split('e') as [string, string];
  const e = Number(exponent);
  if (x !== 0 && (e < -4 || e >= 16))
    return `${digits}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** A number as Python prints the value a user would have passed: a whole number as an int (`-1`), else as a float. */
export function pythonNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : pythonFloat(x);
}
