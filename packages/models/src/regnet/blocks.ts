// RegNet's building blocks: the stem (3x3 stride-2 conv, norm, activation), the bottleneck transform (1x1, grouped
// 3x3 [+ SE], 1x1), the residual block around it and a stage of such blocks. Mirrors torchvision/models/regnet.py.
import { Module, type NormLayer, Sequential } from '@bn/nn';
import type { Tensor } from '@bn/tensor';
import { building } from '../construction-path.js';
import type { ActivationLayer } from '../ops/activation-layer.js';
import { Conv2dNormActivation } from '../ops/conv-norm-activation.js';
import { SqueezeExcitation } from '../ops/squeeze-excitation.js';
import { roundHalfEven } from '../round-half-even.js';

/** The settings every block of a stage shares. */
export interface BlockSettings {
  normLayer: NormLayer;
  activation: ActivationLayer;
  groupWidth: number;
  bottleneckMultiplier: number;
  seRatio: number | null;
}

/** Simple stem for ImageNet: 3x3 stride-2 convolution, norm, activation. */
export class SimpleStemIN extends Conv2dNormActivation {
  static override readonly moduleName: string = 'SimpleStemIN';

  constructor(widthIn: number, widthOut: number, normLayer: NormLayer, activation: ActivationLayer) {
    super(widthIn, widthOut, { kernelSize: 3, stride: 2, normLayer, activationLayer: activation });
  }
}

/** Bottleneck transformation: 1x1 (a), grouped 3x3 with the stride (b), squeeze-excitation (se), 1x1 (c). */
export class BottleneckTransform extends Sequential {
  static override readonly moduleName: string = 'BottleneckTransform';

  constructor(widthIn: number, widthOut: number, stride: number, settings: BlockSettings) {
    const { normLayer, activation, groupWidth, bottleneckMultiplier, seRatio } = settings;
    const wB = roundHalfEven(widthOut * bottleneckMultiplier);
    const groups = Math.floor(wB / groupWidth);
    const common = { normLayer, activationLayer: activation };
    const layers: Record<string, Module> = {
      a: building('a', () => new Conv2dNormActivation(widthIn, wB, { ...common, kernelSize: 1, stride: 1 })),
      b: building('b', () => new Conv2dNormActivation(wB, wB, { ...common, kernelSize: 3, stride, groups })),
    };
    // the SE reduction ratio is relative to the block's input width
    if (seRatio) layers.se = new SqueezeExcitation(wB, roundHalfEven(seRatio * widthIn), { activation });
    layers.c = building(
      'c',
      () =>
        new Conv2dNormActivation(wB, widthOut, {
          normLayer,
          activationLayer: null,
          kernelSize: 1,
          stride: 1,
        }),
    );
    super(layers);
  }
}

/** Residual bottleneck block: activation(x + f(x)), with a 1x1 projection of x when the shape changes. */
export class ResBottleneckBlock extends Module {
  static override readonly moduleName: string = 'ResBottleneckBlock';
  declare proj?: Conv2dNormActivation;
  declare f: BottleneckTransform;
  declare activation: Module;

  constructor(widthIn: number, widthOut: number, stride: number, settings: BlockSettings) {
    super();
    if (widthIn !== widthOut || stride !== 1) {
      const { normLayer } = settings;
      const proj = building(
        'proj',
        () =>
          new Conv2dNormActivation(widthIn, widthOut, {
            kernelSize: 1,
            stride,
            normLayer,
            activationLayer: null,
          }),
      );
      this.registerModule('proj', proj);
    }
    this.registerModule(
      'f',
      building('f', () => new BottleneckTransform(widthIn, widthOut, stride, settings)),
    );
    this.registerModule('activation', settings.activation({ inplace: true }));
  }

  forward(x: Tensor): Tensor {
    const skip = this.proj === undefined ? x : this.proj.forward(x);
    return this.activation.forward(skip.add(this.f.forward(x)));
  }
}

/** A stage: `depth` blocks named `block<stage>-<i>`; the first changes the width and applies the stride. */
export class AnyStage extends Sequential {
  static override readonly moduleName: string = 'AnyStage';

  constructor(
    widthIn: number,
    widthOut: number,
    stride: number,
    depth: number,
    stageIndex: number,
    settings: BlockSettings,
  ) {
    const blocks: Record<string, Module> = {};
    for (let i = 0; i < depth; i++) {
      const name = `block${stageIndex}-${i}`;
      blocks[name] = building(
        name,
        () => new ResBottleneckBlock(i === 0 ? widthIn : widthOut, widthOut, i === 0 ? stride : 1, settings),
      );
    }
    super(blocks);
  }
}
