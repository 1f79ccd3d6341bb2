// Argument checks shared by @bn/patch's functions: a TypeError that names the function, the argument, what was
// expected and what came.
import { Module } from '@bn/nn';
import { describeValue } from '@bn/tensor';

/** Throws unless `value` is a @bn/nn Module. */
export function expectModule(fn: string, argument: string, value: unknown): asserts value is Module {
  if (!(value instanceof Module)) {
    throw new TypeError(`${fn}: expected ${argument} to be a Module, but got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is undefined or a plain options object. */
export function expectOptions(fn: string, value: unknown): void {
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new TypeError(`${fn}: expected an options object, but got ${describeValue(value)}`);
  }
}
