/**
 * Torchvision's ResNet and RegNet families, faithful to the state-dict key and the initialisation, with a
 * `normLayer` that reaches every norm site (option 2 of PyTorch's "Patching Batch Norm").
 *
 * @module @bn/models
 */
export { type ActivationLayer, relu } from './ops/activation-layer.js';
export { Conv2dNormActivation, type Conv2dNormActivationOptions } from './ops/conv-norm-activation.js';
export { SqueezeExcitation, type SqueezeExcitationOptions } from './ops/squeeze-excitation.js';
export { getModel, getModelBuilder, listModels, type ModelBuilder, torchvisionName } from './registry.js';
export {
  BlockParams,
  type BlockParamsInit,
  type RegNetDesign,
  type StageParams,
} from './regnet/block-params.js';
export {
  AnyStage,
  type BlockSettings,
  BottleneckTransform,
  ResBottleneckBlock,
  SimpleStemIN,
} from './regnet/blocks.js';
export * from './regnet/builders.js';
export { RegNet, type RegNetOptions } from './regnet/regnet.js';
export {
  BasicBlock,
  type BlockOptions,
  Bottleneck,
  conv1x1,
  conv3x3,
  type ResNetBlock,
} from './resnet/blocks.js';
export * from './resnet/builders.js';
export { ResNet, type ResNetOptions } from './resnet/resnet.js';
