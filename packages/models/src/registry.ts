// The builders by name, for programs that pick a model from a string (a CLI's `--model`): torchvision's
// `list_models`, `get_model_builder` and `get_model`, taking our camelCase names or torchvision's snake_case ones.
import type { Module } from '@bn/nn';
import { ArgumentTypeError, describeValue, ValueError } from '@bn/tensor';
import * as regnets from './regnet/builders.js';
import type { RegNetOptions } from './regnet/regnet.js';
import * as resnets from './resnet/builders.js';
import type { ResNetOptions } from './resnet/resnet.js';

/** A model builder: options in, a freshly initialised model out. */
export type ModelBuilder = ((options?: ResNetOptions) => Module) | ((options?: RegNetOptions) => Module);

const BUILDERS: Record<string, ModelBuilder> = { ...resnets, ...regnets };

/** torchvision's name of a builder: `regnetY1_6gf` -> `regnet_y_1_6gf`, `wideResnet50_2` -> `wide_resnet50_2`. */
export function torchvisionName(name: string): string {
  return name.replace(
    /[A-Z]/g,
    (c, i: number) => `_${c.toLowerCase()}${/\d/.test(name[i + 1] ?? '') ? '_' : ''}`,
  );
}

const BY_TORCHVISION_NAME = new Map(Object.keys(BUILDERS).map((name) => [torchvisionName(name), name]));

/** The names of every builder (ours, camelCase), sorted. */
export function listModels(): string[] {
  return Object.keys(BUILDERS).sort();
}

/** The builder called `name` (`'resnet18'`, `'regnetY400mf'` or torchvision's `'regnet_y_400mf'`). */
export function getModelBuilder(name: string): ModelBuilder {
  if (typeof name !== 'string') {
    throw new ArgumentTypeError(`getModelBuilder: expected a model name, but got ${describeValue(name)}`);
  }
  const key = Object.hasOwn(BUILDERS, name) ? name : BY_TORCHVISION_NAME.get(name.toLowerCase());
  if (key === undefined) {
    throw new ValueError(`Unknown model ${name} (expected one of ${listModels().join(', ')})`);
  }
  return BUILDERS[key]!;
}

/** `getModelBuilder(name)(options)`. */
export function getModel(name: string, options: ResNetOptions & RegNetOptions = {}): Module {
  return (getModelBuilder(name) as (options: object) => Module)(options);
}
