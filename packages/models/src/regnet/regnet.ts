// RegNet (Radosavovic et al., 2020): a stem, the stages that BlockParams describes, global average pooling and a
// classifier, with torchvision's options and initialisation. Mirrors torchvision/models/regnet.py (RegNet).
import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  init,
  Linear,
  Module,
  type NormLayer,
  Sequential,
} from '@bn/nn';
import { ArgumentTypeError, describeValue, expectFunction, expectInteger, type Tensor } from '@bn/tensor';
import { building } from '../construction-path.js';
import { restoreGeneratorOnThrow } from '../generator-on-throw.js';
import { batchNorm2d } from '../make-norm.js';
import { resetAffine } from '../norm-parameters.js';
import { type ActivationLayer, relu } from '../ops/activation-layer.js';
import { checkOptions } from '../options.js';
import { BlockParams } from './block-params.js';
import { AnyStage, SimpleStemIN } from './blocks.js';

export interface RegNetOptions {
  numClasses?: number;
  /** Output width of the stem. */
  stemWidth?: number;
  /** Makes every norm layer: the stem's, each block's (a, b, c) and each projection's. Null or absent: BatchNorm2d. */
  normLayer?: NormLayer | null;
  /** Makes every activation (also the SE block's inner one). Null or absent: ReLU. */
  activation?: ActivationLayer | null;
}

export const REGNET_OPTIONS = ['numClasses', 'stemWidth', 'normLayer', 'activation'] as const;

export class RegNet extends Module {
  static override readonly moduleName: string = 'RegNet';
  readonly blockParams: BlockParams;
  declare stem: SimpleStemIN;
  declare trunkOutput: Sequential;
  declare avgpool: AdaptiveAvgPool2d;
  declare fc: Linear;

  constructor(blockParams: BlockParams, options: RegNetOptions = {}) {
    super();
    checkOptions('RegNet', options, REGNET_OPTIONS);
    const { numClasses = 1000, stemWidth = 32 } = options;
    // as torchvision, None means the default
    const normLayer = options.normLayer ?? batchNorm2d;
    const activation = options.activation ?? relu;
    if (!(blockParams instanceof BlockParams)) {
      throw new ArgumentTypeError(
        `RegNet: expected blockParams to be a BlockParams, but got ${describeValue(blockParams)}`,
      );
    }
    expectInteger('RegNet', 'numClasses', numClasses, 1);
    expectInteger('RegNet', 'stemWidth', stemWidth, 1);
    expectFunction('RegNet', 'normLayer', normLayer);
    expectFunction('RegNet', 'activation', activation);
    this.blockParams = blockParams;

    restoreGeneratorOnThrow(() => {
      this.registerModule(
        'stem',
        building('stem', () => new SimpleStemIN(3, stemWidth, normLayer, activation)),
      );
      const { seRatio } = blockParams;
      let width = stemWidth;
      const stages: Record<string, Module> = {};
      building('trunk_output', () => {
        for (const [i, stage] of blockParams.stages().entries()) {
          const name = `block${i + 1}`;
          const settings = { ...stage, normLayer, activation, seRatio };
          stages[name] = building(
            name,
            () => new AnyStage(width, stage.width, stage.stride, stage.depth, i + 1, settings),
          );
          width = stage.width;
        }
      });
      this.registerModule('trunk_output', new Sequential(stages));
      this.registerModule('avgpool', new AdaptiveAvgPool2d([1, 1]));
      this.registerModule('fc', new Linear(width, numClasses));

      // ResNet-style initialisation; torchvision special-cases BatchNorm2d only (a GroupNorm keeps its own)
      for (const m of this.modules()) {
        if (m instanceof Conv2d) {
          // no bias to fill: BatchNorm follows (the SE convolutions keep their default bias)
          const fanOut = m.kernelSize[0] * m.kernelSize[1] * m.outChannels;
          init.normal_(m.weight, 0, Math.sqrt(2 / fanOut));
        } else if (m instanceof BatchNorm2d) {
          resetAffine(m);
        } else if (m instanceof Linear) {
          init.normal_(m.weight, 0, 0.01);
          if (m.bias !== null) init.zeros_(m.bias);
        }
      }
    });
  }

  forward(x: Tensor): Tensor {
    x = this.trunkOutput.forward(this.stem.forward(x));
    return this.fc.forward(this.avgpool.forward(x).flatten(1));
  }
}
