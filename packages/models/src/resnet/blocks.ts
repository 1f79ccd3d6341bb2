// ResNet's residual blocks: BasicBlock (two 3x3 convolutions, ResNet-18/34) and Bottleneck (1x1, 3x3, 1x1 with the
// stride on the 3x3: "ResNet V1.5", ResNet-50 and up, ResNeXt, Wide ResNet). Mirrors torchvision/models/resnet.py.
import { Conv2d, Module, type NormLayer, ReLU } from '@bn/nn';
import { RuntimeError, type Tensor, ValueError } from '@bn/tensor';
import { batchNorm2d, makeNorm } from '../make-norm.js';

export interface BlockOptions {
  stride?: number;
  /** Maps the input to the block's output shape for the skip connection (a 1x1 conv and a norm layer). */
  downsample?: Module | null;
  groups?: number;
  baseWidth?: number;
  dilation?: number;
  /** Null or absent: BatchNorm2d. */
  normLayer?: NormLayer | null;
}

/** A block class `ResNet` can stack: its constructor and how many times wider its output is than `planes`. */
export interface ResNetBlock {
  new (inplanes: number, planes: number, options?: BlockOptions): Module;
  readonly expansion: number;
}

/** 3x3 convolution with padding (torchvision's `conv3x3`). */
export function conv3x3(inPlanes: number, outPlanes: number, stride = 1, groups = 1, dilation = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, 3, { stride, padding: dilation, groups, bias: false, dilation });
}

/** 1x1 convolution (torchvision's `conv1x1`). */
export function conv1x1(inPlanes: number, outPlanes: number, stride = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, 1, { stride, bias: false });
}

/** The options with torchvision's defaults filled in (a null normLayer is BatchNorm2d, as `None`). */
function withDefaults({
  stride = 1,
  downsample = null,
  groups = 1,
  baseWidth = 64,
  dilation = 1,
  normLayer = null,
}: BlockOptions): Required<BlockOptions> & { normLayer: NormLayer } {
  return { stride, downsample, groups, baseWidth, dilation, normLayer: normLayer ?? batchNorm2d };
}

/** `downsample(x)` when the block has one, else `x`: the skip connection. */
function identityOf(block: { downsample?: Module }, x: Tensor): Tensor {
  return block.downsample === undefined ? x : block.downsample.forward(x);
}

export class BasicBlock extends Module {
  static override readonly moduleName: string = 'BasicBlock';
  static readonly expansion: number = 1;
  readonly stride: number;
  declare conv1: Conv2d;
  declare bn1: Module;
  declare relu: ReLU;
  declare conv2: Conv2d;
  declare bn2: Module;
  /** Absent (not registered) without a downsample, as torchvision's `None` attribute. */
  declare downsample?: Module;

  constructor(inplanes: number, planes: number, options: BlockOptions = {}) {
    super();
    const { stride, downsample, groups, baseWidth, dilation, normLayer } = withDefaults(options);
    if (groups !== 1 || baseWidth !== 64) {
      throw new ValueError('BasicBlock only supports groups=1 and base_width=64');
    }
    // torchvision raises NotImplementedError, a RuntimeError in Python
    if (dilation > 1) throw new RuntimeError('Dilation > 1 not supported in BasicBlock');
    // Both conv1 and downsample downsample the input when stride != 1
    this.registerModule('conv1', conv3x3(inplanes, planes, stride));
    this.registerModule('bn1', makeNorm(normLayer, planes, 'bn1'));
    this.registerModule('relu', new ReLU({ inplace: true }));
    this.registerModule('conv2', conv3x3(planes, planes));
    this.registerModule('bn2', makeNorm(normLayer, planes, 'bn2'));
    if (downsample !== null) this.registerModule('downsample', downsample);
    this.stride = stride;
  }

  forward(x: Tensor): Tensor {
    let out = this.relu.forward(this.bn1.forward(this.conv1.forward(x)));
    out = this.bn2.forward(this.conv2.forward(out));
    return this.relu.forward(out.add(identityOf(this, x)));
  }
}

export class Bottleneck extends Module {
  static override readonly moduleName: string = 'Bottleneck';
  static readonly expansion: number = 4;
  readonly stride: number;
  declare conv1: Conv2d;
  declare bn1: Module;
  declare conv2: Conv2d;
  declare bn2: Module;
  declare conv3: Conv2d;
  declare bn3: Module;
  declare relu: ReLU;
  /** Absent (not registered) without a downsample, as torchvision's `None` attribute. */
  declare downsample?: Module;

  constructor(inplanes: number, planes: number, options: BlockOptions = {}) {
    super();
    const { stride, downsample, groups, baseWidth, dilation, normLayer } = withDefaults(options);
    const width = Math.trunc(planes * (baseWidth / 64)) * groups;
    const outPlanes = planes * Bottleneck.expansion;
    // Both conv2 and downsample downsample the input when stride != 1
    this.registerModule('conv1', conv1x1(inplanes, width));
    this.registerModule('bn1', makeNorm(normLayer, width, 'bn1'));
    this.registerModule('conv2', conv3x3(width, width, stride, groups, dilation));
    this.registerModule('bn2', makeNorm(normLayer, width, 'bn2'));
    this.registerModule('conv3', conv1x1(width, outPlanes));
    this.registerModule('bn3', makeNorm(normLayer, outPlanes, 'bn3'));
    this.registerModule('relu', new ReLU({ inplace: true }));
    if (downsample !== null) this.registerModule('downsample', downsample);
    this.stride = stride;
  }

  forward(x: Tensor): Tensor {
    let out = this.relu.forward(this.bn1.forward(this.conv1.forward(x)));
    out = this.relu.forward(this.bn2.forward(this.conv2.forward(out)));
    out = this.bn3.forward(this.conv3.forward(out));
    return this.relu.forward(out.add(identityOf(this, x)));
  }
}
