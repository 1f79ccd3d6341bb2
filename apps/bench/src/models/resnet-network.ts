// The Network (models/layers.ts) of an @bn ResNet of BasicBlocks (ResNet-18/34) in eval mode, read from its
// modules: the stem, four stages of residual blocks, the classifier. Mirrors ResNet.forward and BasicBlock.forward.
import { BasicBlock, type ResNet } from '@bn/models';
import { type BatchNorm2d, type Conv2d, type Module, moduleName, type Sequential } from '@bn/nn';
import { classifier, foldConv, type Layer, maxPool, type Network } from './layers.js';

function basicBlock(block: Module): Layer {
  if (!(block instanceof BasicBlock)) {
    throw new Error(`resnetNetwork: expected a BasicBlock, got ${moduleName(block.constructor)}`);
  }
  const bn = (m: Module) => m as BatchNorm2d;
  const shortcut = block.downsample as Sequential | undefined;
  return {
    kind: 'residual',
    branch: [
      { kind: 'conv', conv: foldConv(block.conv1, bn(block.bn1), { relu: true }) },
      { kind: 'conv', conv: foldConv(block.conv2, bn(block.bn2), { relu: false }) },
    ],
    shortcut:
      shortcut === undefined
        ? []
        : [{ kind: 'conv', conv: foldConv(shortcut.at(0) as Conv2d, bn(shortcut.at(1)), { relu: false }) }],
  };
}

export function resnetNetwork(model: ResNet): Network {
  const stages = [model.layer1, model.layer2, model.layer3, model.layer4];
  const layers: Layer[] = [
    { kind: 'conv', conv: foldConv(model.conv1, model.bn1 as BatchNorm2d, { relu: true }) },
    maxPool(model.maxpool),
    ...stages.flatMap((stage) => [...stage].map(basicBlock)),
  ];
  return { layers, classifier: classifier(model.fc) };
}
