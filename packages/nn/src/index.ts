/**
 * PyTorch-style modules over @bn/tensor — Module, layers, BatchNorm whose statistics can span a named vmap axis,
 * functionalCall/stackModuleState for ensembles, and safetensors weights.
 *
 * @module @bn/nn
 */
export {
  type Appended,
  type ModuleAt,
  ModuleDict,
  ModuleList,
  type ModuleOf,
  Sequential,
} from './containers.js';
export { expectModule } from './expect-module.js';
export * as F from './functional.js';
export {
  type ForwardCallArgs,
  type ForwardResult,
  type FunctionalCallArgs,
  type FunctionalCallOptions,
  type FunctionalCallResult,
  functionalCall,
} from './functional-call.js';
export * as init from './init.js';
export { GELU, type InplaceOptions, ReLU, Sigmoid, SiLU, Softmax, Tanh } from './layers/activation.js';
export {
  BatchNorm,
  BatchNorm1d,
  BatchNorm2d,
  BatchNorm3d,
  type BatchNormOptions,
} from './layers/batchnorm.js';
export { Conv2d, type Conv2dOptions, type PaddingMode } from './layers/conv.js';
export { Dropout, type DropoutOptions } from './layers/dropout.js';
export { Flatten, type FlattenOptions } from './layers/flatten.js';
export { GroupNorm, type GroupNormOptions } from './layers/groupnorm.js';
export { Identity } from './layers/identity.js';
export { InstanceNorm2d } from './layers/instancenorm.js';
export { LayerNorm, type LayerNormOptions } from './layers/layernorm.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { NormBase, type NormBaseOptions } from './layers/norm-base.js';
export {
  AdaptiveAvgPool2d,
  type AdaptiveOutputSize,
  AvgPool2d,
  type AvgPool2dOptions,
  MaxPool2d,
  type MaxPool2dOptions,
} from './layers/pooling.js';
export { Module } from './module.js';
export { moduleName } from './module-name.js';
export type { NormLayer } from './norm-layer.js';
export {
  loadSafetensors,
  readSafetensorsHeader,
  type SafetensorsDType,
  SafetensorsError,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
  saveSafetensors,
} from './safetensors.js';
export { skipInit } from './skip-init.js';
export { stackModuleState } from './stack-module-state.js';
export type { LoadResult } from './state-dict.js';
