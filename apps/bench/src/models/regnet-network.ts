// The Network (models/layers.ts) of an @bn RegNet with ReLU activations (RegNetX/Y) in eval mode, read from its
// modules: the stem, the stages of residual bottleneck blocks (1x1, grouped 3x3, squeeze-excitation, 1x1), the
// classifier. Mirrors RegNet.forward, ResBottleneckBlock.forward and SqueezeExcitation.forward of @bn/models.
import { type RegNet, ResBottleneckBlock, SqueezeExcitation } from '@bn/models';
import {
  type BatchNorm2d,
  type Conv2d,
  type Module,
  moduleName,
  ReLU,
  type Sequential,
  Sigmoid,
} from '@bn/nn';
import { classifier, type FoldedConv, foldConv, type Layer, type Network } from './layers.js';

function requireRelu(activation: Module): void {
  if (!(activation instanceof ReLU)) {
    throw new Error(`regnetNetwork: only ReLU activations, got ${moduleName(activation.constructor)}`);
  }
}

/** A Conv2dNormActivation: Conv2d, BatchNorm2d, and a ReLU or nothing. */
function convNormActivation(unit: Module): FoldedConv {
  const [conv, bn, activation] = [...(unit as Sequential)];
  if (activation !== undefined) requireRelu(activation);
  return foldConv(conv as Conv2d, bn as BatchNorm2d, { relu: activation !== undefined });
}

function transform(unit: Module): Layer {
  if (unit instanceof SqueezeExcitation) {
    requireRelu(unit.activation);
    if (!(unit.scaleActivation instanceof Sigmoid)) throw new Error('regnetNetwork: only a sigmoid SE scale');
    const reduce = foldConv(unit.fc1, null, { relu: true });
    return { kind: 'squeezeExcitation', reduce, expand: foldConv(unit.fc2, null, { relu: false }) };
  }
  return { kind: 'conv', conv: convNormActivation(unit) };
}

function bottleneckBlock(block: Module): Layer {
  if (!(block instanceof ResBottleneckBlock)) {
    throw new Error(`regnetNetwork: expected a ResBottleneckBlock, got ${moduleName(block.constructor)}`);
  }
  requireRelu(block.activation);
  return {
    kind: 'residual',
    branch: [...block.f].map(transform),
    shortcut: block.proj === undefined ? [] : [{ kind: 'conv', conv: convNormActivation(block.proj) }],
  };
}

export function regnetNetwork(model: RegNet): Network {
  const layers: Layer[] = [
    { kind: 'conv', conv: convNormActivation(model.stem) },
    ...[...model.trunkOutput].flatMap((stage) => [...(stage as Sequential)].map(bottleneckBlock)),
  ];
  return { layers, classifier: classifier(model.fc) };
}
