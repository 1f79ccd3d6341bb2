// The ResNet family's builders with torchvision 0.14's configurations: ResNet-18/34 (BasicBlock), ResNet-50/101/152
// (Bottleneck), ResNeXt (grouped 3x3) and Wide ResNet (twice the bottleneck width). Mirrors resnet.py's builders.
import { checkOptions, overwriteNamedParam } from '../options.js';
import { BasicBlock, Bottleneck, type ResNetBlock } from './blocks.js';
import { RESNET_OPTIONS, ResNet, type ResNetOptions } from './resnet.js';

/** `new ResNet(block, layers, options)` after checking `options` for `fn` and applying its fixed settings. */
function resnet(
  fn: string,
  block: ResNetBlock,
  layers: readonly number[],
  options: ResNetOptions,
  fixed: Pick<ResNetOptions, 'groups' | 'widthPerGroup'> = {},
): ResNet {
  checkOptions(fn, options, RESNET_OPTIONS);
  let resolved = options ?? {};
  if (fixed.groups !== undefined) resolved = overwriteNamedParam(resolved, 'groups', fixed.groups);
  if (fixed.widthPerGroup !== undefined) {
    resolved = overwriteNamedParam(resolved, 'widthPerGroup', fixed.widthPerGroup);
  }
  return new ResNet(block, layers, resolved);
}

/** ResNet-18 (He et al., 2015): 11.7M parameters, 1.8 GFLOPs (multiply-adds) at 224x224. */
export function resnet18(options: ResNetOptions = {}): ResNet {
  return resnet('resnet18', BasicBlock, [2, 2, 2, 2], options);
}

/** ResNet-34: 21.8M parameters. */
export function resnet34(options: ResNetOptions = {}): ResNet {
  return resnet('resnet34', BasicBlock, [3, 4, 6, 3], options);
}

/** ResNet-50 (V1.5: the stride on the 3x3 convolution): 25.6M parameters. */
export function resnet50(options: ResNetOptions = {}): ResNet {
  return resnet('resnet50', Bottleneck, [3, 4, 6, 3], options);
}

/** ResNet-101: 44.5M parameters. */
export function resnet101(options: ResNetOptions = {}): ResNet {
  return resnet('resnet101', Bottleneck, [3, 4, 23, 3], options);
}

/** ResNet-152: 60.2M parameters. */
export function resnet152(options: ResNetOptions = {}): ResNet {
  return resnet('resnet152', Bottleneck, [3, 8, 36, 3], options);
}

/** ResNeXt-50 32x4d (Xie et al., 2016): 32 groups of width 4. */
export function resnext50_32x4d(options: ResNetOptions = {}): ResNet {
  return resnet('resnext50_32x4d', Bottleneck, [3, 4, 6, 3], options, { groups: 32, widthPerGroup: 4 });
}

/** ResNeXt-101 32x8d: 32 groups of width 8. */
export function resnext101_32x8d(options: ResNetOptions = {}): ResNet {
  return resnet('resnext101_32x8d', Bottleneck, [3, 4, 23, 3], options, { groups: 32, widthPerGroup: 8 });
}

/** ResNeXt-101 64x4d: 64 groups of width 4. */
export function resnext101_64x4d(options: ResNetOptions = {}): ResNet {
  return resnet('resnext101_64x4d', Bottleneck, [3, 4, 23, 3], options, { groups: 64, widthPerGroup: 4 });
}

/** Wide ResNet-50-2 (Zagoruyko & Komodakis, 2016): bottlenecks twice as wide. */
export function wideResnet50_2(options: ResNetOptions = {}): ResNet {
  return resnet('wideResnet50_2', Bottleneck, [3, 4, 6, 3], options, { widthPerGroup: 128 });
}

/** Wide ResNet-101-2. */
export function wideResnet101_2(options: ResNetOptions = {}): ResNet {
  return resnet('wideResnet101_2', Bottleneck, [3, 4, 23, 3], options, { widthPerGroup: 128 });
}
