// The check that an argument is a @bn/nn Module, in @bn/tensor's wording; apart from arguments.ts, which Module's own
// file imports, so that no import cycle runs through Module.
import { ArgumentTypeError, describeValue } from '@bn/tensor';
import { Module } from './module.js';

export function expectModule(op: string, arg: string, value: unknown): asserts value is Module {
  if (!(value instanceof Module)) {
    throw new ArgumentTypeError(
      `${op}(): argument '${arg}' must be a Module, but got ${describeValue(value)}`,
    );
  }
}
