// ResNet: the stem (7x7 conv, norm, ReLU, max pool), four stages of residual blocks, global average pooling and a
// classifier, with torchvision's options and initialisation. Mirrors torchvision/models/resnet.py (ResNet).
import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  GroupNorm,
  init,
  Linear,
  MaxPool2d,
  Module,
  type NormLayer,
  ReLU,
  Sequential,
} from '@bn/nn';
import {
  ArgumentTypeError,
  describeValue,
  expectFunction,
  expectInteger,
  type Tensor,
  ValueError,
} from '@bn/tensor';
import { building } from '../construction-path.js';
import { restoreGeneratorOnThrow } from '../generator-on-throw.js';
import { batchNorm2d, makeNorm } from '../make-norm.js';
import { resetAffine, zeroWeight } from '../norm-parameters.js';
import { checkOptions } from '../options.js';
import { BasicBlock, Bottleneck, conv1x1, type ResNetBlock } from './blocks.js';

export interface ResNetOptions {
  numClasses?: number;
  /** Zero the last norm weight of every residual branch, so each block starts as the identity. */
  zeroInitResidual?: boolean;
  /** Groups of the 3x3 convolutions of Bottleneck blocks (ResNeXt). */
  groups?: number;
  /** Bottleneck width per group: 64 for ResNet, 4 or 8 for ResNeXt, 128 for Wide ResNet. */
  widthPerGroup?: number;
  /** For stages 2-4: replace the stride-2 downsampling by dilation (dense features, e.g. for segmentation). */
  replaceStrideWithDilation?: readonly [boolean, boolean, boolean] | null;
  /** Makes every norm layer: the stem's, each block's, each downsample's. Null or absent: BatchNorm2d. */
  normLayer?: NormLayer | null;
}

export const RESNET_OPTIONS = [
  'numClasses',
  'zeroInitResidual',
  'groups',
  'widthPerGroup',
  'replaceStrideWithDilation',
  'normLayer',
] as const;

function checkBlockCounts(layers: unknown): asserts layers is readonly number[] {
  if (!Array.isArray(layers) || layers.length !== 4 || !layers.every((n) => Number.isInteger(n) && n >= 1)) {
    const got = Array.isArray(layers) ? `[${layers.join(', ')}]` : describeValue(layers);
    throw new ValueError(`ResNet: expected layers to be 4 positive block counts, but got ${got}`);
  }
}

export class ResNet extends Module {
  static override readonly moduleName: string = 'ResNet';
  readonly groups: number;
  readonly baseWidth: number;
  declare conv1: Conv2d;
  declare bn1: Module;
  declare relu: ReLU;
  declare maxpool: MaxPool2d;
  declare layer1: Sequential;
  declare layer2: Sequential;
  declare layer3: Sequential;
  declare layer4: Sequential;
  declare avgpool: AdaptiveAvgPool2d;
  declare fc: Linear;
  #inplanes = 64;
  #dilation = 1;
  readonly #normLayer: NormLayer;

  constructor(block: ResNetBlock, layers: readonly number[], options: ResNetOptions = {}) {
    super();
    checkOptions('ResNet', options, RESNET_OPTIONS);
    const {
      numClasses = 1000,
      zeroInitResidual = false,
      groups = 1,
      widthPerGroup = 64,
      replaceStrideWithDilation = null,
    } = options;
    // as torchvision, None means the default
    const normLayer = options.normLayer ?? batchNorm2d;
    if (
      typeof block !== 'function' ||
      !(block.prototype instanceof Module) ||
      typeof block.expansion !== 'number'
    ) {
      throw new ArgumentTypeError(
        `ResNet: expected block to be BasicBlock, Bottleneck or another block class with a static expansion, but got ${describeValue(block)}`,
      );
    }
    checkBlockCounts(layers);
    for (const [name, v] of Object.entries({ numClasses, groups, widthPerGroup })) {
      expectInteger('ResNet', name, v, 1);
    }
    expectFunction('ResNet', 'normLayer', normLayer);
    const dilate = replaceStrideWithDilation ?? [false, false, false];
    if (!Array.isArray(dilate) || dilate.length !== 3) {
      const got = Array.isArray(dilate) ? `[${dilate.join(', ')}]` : describeValue(dilate);
      throw new ValueError(`replace_stride_with_dilation should be None or a 3-element tuple, got ${got}`);
    }
    this.#normLayer = normLayer;
    this.groups = groups;
    this.baseWidth = widthPerGroup;

    restoreGeneratorOnThrow(() => {
      this.registerModule('conv1', new Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false }));
      this.registerModule('bn1', makeNorm(normLayer, 64, 'bn1'));
      this.registerModule('relu', new ReLU({ inplace: true }));
      this.registerModule('maxpool', new MaxPool2d(3, { stride: 2, padding: 1 }));
      this.registerModule(
        'layer1',
        building('layer1', () => this.#makeLayer(block, 64, layers[0]!)),
      );
      for (const [i, planes] of [128, 256, 512].entries()) {
        const name = `layer${i + 2}`;
        const stage = building(name, () => this.#makeLayer(block, planes, layers[i + 1]!, 2, dilate[i]!));
        this.registerModule(name, stage);
      }
      this.registerModule('avgpool', new AdaptiveAvgPool2d([1, 1]));
      this.registerModule('fc', new Linear(512 * block.expansion, numClasses));

      // torchvision special-cases exactly these classes: other norm modules keep their own initialisation
      for (const m of this.modules()) {
        if (m instanceof Conv2d) init.kaimingNormal_(m.weight, { mode: 'fan_out', nonlinearity: 'relu' });
        else if (m instanceof BatchNorm2d || m instanceof GroupNorm) resetAffine(m);
      }
      // Zero the last norm of each residual branch, so that every block starts as the identity
      // (improves the model by 0.2-0.3%, https://arxiv.org/abs/1706.02677)
      if (zeroInitResidual) {
        for (const m of this.modules()) {
          if (m instanceof Bottleneck) zeroWeight(m.bn3);
          else if (m instanceof BasicBlock) zeroWeight(m.bn2);
        }
      }
    });
  }

  /** A stage of `blocks` blocks; the first changes the width to `planes * expansion` and applies the stride. */
  #makeLayer(block: ResNetBlock, planes: number, blocks: number, stride = 1, dilate = false): Sequential {
    const normLayer = this.#normLayer;
    const previousDilation = this.#dilation;
    if (dilate) {
      this.#dilation *= stride;
      stride = 1;
    }
    const outPlanes = planes * block.expansion;
    const options = { groups: this.groups, baseWidth: this.baseWidth, normLayer };
    const first = building('0', () => {
      const downsample =
        stride !== 1 || this.#inplanes !== outPlanes
          ? building(
              'downsample',
              () =>
                new Sequential(
                  conv1x1(this.#inplanes, outPlanes, stride),
                  makeNorm(normLayer, outPlanes, '1'),
                ),
            )
          : null;
      return new block(this.#inplanes, planes, {
        ...options,
        stride,
        downsample,
        dilation: previousDilation,
      });
    });
    this.#inplanes = outPlanes;
    const rest = Array.from({ length: blocks - 1 }, (_, i) =>
      building(
        String(i + 1),
        () => new block(this.#inplanes, planes, { ...options, dilation: this.#dilation }),
      ),
    );
    return new Sequential(first, ...rest);
  }

  forward(x: Tensor): Tensor {
    x = this.maxpool.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x))));
    x = this.layer4.forward(this.layer3.forward(this.layer2.forward(this.layer1.forward(x))));
    return this.fc.forward(this.avgpool.forward(x).flatten(1));
  }
}
