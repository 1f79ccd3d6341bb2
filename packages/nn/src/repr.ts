// Python's spelling of values in PyTorch's `extra_repr` strings (`True`, `None`, `1e-05`, `(3, 3)`), so a module's
// `toString()` matches PyTorch's `repr` character for character.

/** A float as Python's `repr`: shortest digits, exponent form below 1e-4 or from 1e16, always a `.` or an `e`. */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed = String(x);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** A JSON-like value as Python prints it: booleans `True`/`False`, null `None`, strings quoted, arrays as tuples. */
export function py(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloat(value);
  if (Array.isArray(value)) {
    const items = value.map(py);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  return String(value);
}
