// Wrong arguments at every public entry point of @bn/nn: @bn's own error (ArgumentTypeError for a wrong type,
// ValueError for a wrong value) naming the function, the argument, what it expects and what came, thrown before
// anything runs, never a JavaScript TypeError from inside the library.
import { ArgumentTypeError, type BnError, ones, ValueError } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  BatchNorm3d,
  Conv2d,
  Dropout,
  Flatten,
  functionalCall,
  GELU,
  GroupNorm,
  InstanceNorm2d,
  init,
  LayerNorm,
  Linear,
  loadSafetensors,
  MaxPool2d,
  type Module,
  ModuleDict,
  ModuleList,
  ReLU,
  readSafetensorsHeader,
  Sequential,
  Sigmoid,
  SiLU,
  Softmax,
  saveSafetensors,
  skipInit,
  stackModuleState,
  Tanh,
} from '../src/index.js';

type Call = () => unknown;
type Case = [what: string, call: Call, error: typeof BnError, message: string];

/** Runs each case: the error class and the whole message. */
function expectRefusals(cases: Case[]): void {
  for (const [what, call, ErrorClass, message] of cases) {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown, what).toBeInstanceOf(ErrorClass);
    expect((thrown as Error).message, what).toBe(message);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: wrong types on purpose
const bad = (v: unknown): any => v;

describe('forward refuses an input that is not a Tensor', () => {
  const layers: Module[] = [
    new Linear(2, 3),
    new Conv2d(1, 1, 1),
    new BatchNorm1d(2),
    new BatchNorm2d(2),
    new BatchNorm3d(2),
    new InstanceNorm2d(2),
    new GroupNorm(1, 2),
    new LayerNorm(2),
    new ReLU(),
    new ReLU({ inplace: true }),
    new SiLU(),
    new Sigmoid(),
    new Tanh(),
    new GELU(),
    new Softmax(1),
    new Dropout(),
    new Dropout().eval(),
    new Flatten(),
    new MaxPool2d(2),
    new AvgPool2d(2),
    new AdaptiveAvgPool2d(1),
  ];

  it('for every layer, in training and evaluation', () => {
    for (const layer of layers) {
      const name = layer.constructor.name;
      expectRefusals([
        [
          `${name} undefined`,
          () => layer.forward(undefined),
          ArgumentTypeError,
          `${name}.forward(): argument 'input' must be a Tensor, but got undefined`,
        ],
        [
          `${name} array`,
          () => layer.forward([1, 2]),
          ArgumentTypeError,
          `${name}.forward(): argument 'input' must be a Tensor, but got an array`,
        ],
      ]);
    }
  });

  it('in a Sequential, naming the child that got it', () => {
    expect(() => new Sequential(new ReLU()).forward(bad(5))).toThrow(
      new ArgumentTypeError(
        "ReLU.forward(): argument 'input' must be a Tensor, but got a number\n  (raised in 0 (ReLU))",
      ),
    );
  });
});

describe('layer constructors refuse wrong numbers, sizes and options', () => {
  it('Conv2d', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['string', () => new Conv2d(bad('3'), 4, 3), ArgumentTypeError, "Conv2d(): argument 'inChannels' must be an integer, but got a string"],
      ['0 channels', () => new Conv2d(0, 4, 3), ValueError, "Conv2d(): argument 'inChannels' must be an integer >= 1, but got 0"],
      ['fraction', () => new Conv2d(3, 2.5, 3), ValueError, "Conv2d(): argument 'outChannels' must be an integer >= 1, but got 2.5"],
      ['kernel 0', () => new Conv2d(3, 4, 0), ValueError, "Conv2d(): argument 'kernelSize' must be an integer >= 1, but got 0"],
      ['kernel string', () => new Conv2d(3, 4, [3, bad('a')]), ArgumentTypeError, "Conv2d(): argument 'kernelSize[1]' must be an integer, but got a string"],
      ['kernel 3 sizes', () => new Conv2d(3, 4, [1, 2, 3]), ValueError, "Conv2d(): argument 'kernelSize' must be an integer or a list of 1 or 2 integers, but got [1, 2, 3]"],
      ['kernel null', () => new Conv2d(3, 4, bad(null)), ArgumentTypeError, "Conv2d(): argument 'kernelSize' must be an integer or a list of 1 or 2 integers, but got null"],
      ['stride 0', () => new Conv2d(3, 4, 3, { stride: 0 }), ValueError, "Conv2d(): argument 'stride' must be an integer >= 1, but got 0"],
      ['padding -1', () => new Conv2d(3, 4, 3, { padding: [1, -1] }), ValueError, "Conv2d(): argument 'padding[1]' must be a non-negative integer, but got -1"],
      ['dilation 0', () => new Conv2d(3, 4, 3, { dilation: 0 }), ValueError, "Conv2d(): argument 'dilation' must be an integer >= 1, but got 0"],
      ['groups string', () => new Conv2d(4, 4, 3, { groups: bad('2') }), ArgumentTypeError, "Conv2d(): argument 'groups' must be an integer, but got a string"],
      ['groups -1', () => new Conv2d(4, 4, 3, { groups: -1 }), ValueError, 'groups must be a positive integer'],
      ['groups 2 of 3', () => new Conv2d(3, 4, 3, { groups: 2 }), ValueError, 'in_channels must be divisible by groups'],
      ['groups 2 of 3 out', () => new Conv2d(4, 3, 3, { groups: 2 }), ValueError, 'out_channels must be divisible by groups'],
      ['bias', () => new Conv2d(3, 4, 3, { bias: bad(1) }), ArgumentTypeError, "Conv2d(): argument 'bias' must be a boolean, but got a number"],
      ['options', () => new Conv2d(3, 4, 3, bad(5)), ArgumentTypeError, "Conv2d(): argument 'options' must be an options object, but got a number"],
    ]);
  });

  it('Linear', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['string', () => new Linear(bad('2'), 3), ArgumentTypeError, "Linear(): argument 'inFeatures' must be an integer, but got a string"],
      ['negative', () => new Linear(2, -1), ValueError, "Linear(): argument 'outFeatures' must be a non-negative integer, but got -1"],
      ['bias', () => new Linear(2, 3, { bias: bad('no') }), ArgumentTypeError, "Linear(): argument 'bias' must be a boolean, but got a string"],
      ['options', () => new Linear(2, 3, bad(null)), ArgumentTypeError, "Linear(): argument 'options' must be an options object, but got null"],
    ]);
  });

  it('the norm layers', () => {
    expectRefusals([
      [
        'BatchNorm2d string',
        () => new BatchNorm2d(bad('a')),
        ArgumentTypeError,
        "BatchNorm2d(): argument 'numFeatures' must be an integer, but got a string",
      ],
      [
        'BatchNorm1d 0',
        () => new BatchNorm1d(0),
        ValueError,
        "BatchNorm1d(): argument 'numFeatures' must be an integer >= 1, but got 0",
      ],
      [
        'eps',
        () => new BatchNorm2d(2, { eps: bad('a') }),
        ArgumentTypeError,
        "BatchNorm2d(): argument 'eps' must be a number, but got a string",
      ],
      [
        'momentum',
        () => new BatchNorm2d(2, { momentum: bad('a') }),
        ArgumentTypeError,
        "BatchNorm2d(): argument 'momentum' must be a number or null, but got a string",
      ],
      [
        'affine',
        () => new BatchNorm2d(2, { affine: bad(1) }),
        ArgumentTypeError,
        "BatchNorm2d(): argument 'affine' must be a boolean, but got a number",
      ],
      [
        'trackRunningStats',
        () => new InstanceNorm2d(2, { trackRunningStats: bad(null) }),
        ArgumentTypeError,
        "InstanceNorm2d(): argument 'trackRunningStats' must be a boolean, but got null",
      ],
      [
        'axisName',
        () => new BatchNorm2d(2, { axisName: bad(1) }),
        ArgumentTypeError,
        "BatchNorm2d(): argument 'axisName' must be a string, but got a number",
      ],
      [
        'options',
        () => new BatchNorm3d(2, bad([])),
        ArgumentTypeError,
        "BatchNorm3d(): argument 'options' must be an options object, but got an array",
      ],
      [
        'GroupNorm string',
        () => new GroupNorm(bad('2'), 4),
        ArgumentTypeError,
        "GroupNorm(): argument 'numGroups' must be an integer, but got a string",
      ],
      [
        'GroupNorm 0',
        () => new GroupNorm(2, 0),
        ValueError,
        "GroupNorm(): argument 'numChannels' must be an integer >= 1, but got 0",
      ],
      [
        'GroupNorm 2 of 3',
        () => new GroupNorm(2, 3),
        ValueError,
        'num_channels must be divisible by num_groups (got num_channels=3, num_groups=2)',
      ],
      [
        'GroupNorm eps',
        () => new GroupNorm(1, 2, { eps: bad(null) }),
        ArgumentTypeError,
        "GroupNorm(): argument 'eps' must be a number, but got null",
      ],
      [
        'LayerNorm string',
        () => new LayerNorm(bad('a')),
        ArgumentTypeError,
        "LayerNorm(): argument 'normalizedShape' must be an integer or an array of integers, but got a string",
      ],
      [
        'LayerNorm -1',
        () => new LayerNorm([2, -1]),
        ValueError,
        "LayerNorm(): argument 'normalizedShape[1]' must be a non-negative integer, but got -1",
      ],
      [
        'LayerNorm affine',
        () => new LayerNorm(2, { elementwiseAffine: bad('yes') }),
        ArgumentTypeError,
        "LayerNorm(): argument 'elementwiseAffine' must be a boolean, but got a string",
      ],
    ]);
  });

  it('activations, dropout, flatten and softmax', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['Softmax()', () => new Softmax(bad(undefined)), ArgumentTypeError, "Softmax(): argument 'dim' must be an integer, but got undefined: pass the dim to normalise over, e.g. new Softmax(-1) for the last one (PyTorch's implicit dim=None is deprecated and not supported)"],
      ['Softmax(1.5)', () => new Softmax(1.5), ValueError, "Softmax(): argument 'dim' must be an integer, but got 1.5"],
      ['ReLU options', () => new ReLU(bad(5)), ArgumentTypeError, "ReLU(): argument 'options' must be an options object, but got a number"],
      ['SiLU inplace', () => new SiLU({ inplace: bad('yes') }), ArgumentTypeError, "SiLU(): argument 'inplace' must be a boolean, but got a string"],
      ['GELU approximate', () => new GELU({ approximate: bad('fast') }), ValueError, "GELU(): argument 'approximate' must be 'none' or 'tanh', but got 'fast'"],
      ['Dropout p', () => new Dropout(bad('a')), ArgumentTypeError, "Dropout(): argument 'p' must be a number, but got a string"],
      ['Dropout inplace', () => new Dropout(0.5, { inplace: bad(0) }), ArgumentTypeError, "Dropout(): argument 'inplace' must be a boolean, but got a number"],
      ['Flatten startDim', () => new Flatten({ startDim: bad('a') }), ArgumentTypeError, "Flatten(): argument 'startDim' must be an integer, but got a string"],
      ['Flatten options', () => new Flatten(bad(1)), ArgumentTypeError, "Flatten(): argument 'options' must be an options object, but got a number"],
    ]);
  });

  it('the pools', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['MaxPool2d string', () => new MaxPool2d(bad('a')), ArgumentTypeError, "MaxPool2d(): argument 'kernelSize' must be an integer or a list of 1 or 2 integers, but got a string"],
      ['MaxPool2d 0', () => new MaxPool2d(0), ValueError, "MaxPool2d(): argument 'kernelSize' must be an integer >= 1, but got 0"],
      ['MaxPool2d stride', () => new MaxPool2d(2, { stride: [2, 0] }), ValueError, "MaxPool2d(): argument 'stride[1]' must be an integer >= 1, but got 0"],
      ['MaxPool2d padding', () => new MaxPool2d(2, { padding: -1 }), ValueError, "MaxPool2d(): argument 'padding' must be a non-negative integer, but got -1"],
      ['MaxPool2d dilation', () => new MaxPool2d(2, { dilation: 0 }), ValueError, "MaxPool2d(): argument 'dilation' must be an integer >= 1, but got 0"],
      ['MaxPool2d ceilMode', () => new MaxPool2d(2, { ceilMode: bad(1) }), ArgumentTypeError, "MaxPool2d(): argument 'ceilMode' must be a boolean, but got a number"],
      ['AvgPool2d -1', () => new AvgPool2d(-1), ValueError, "AvgPool2d(): argument 'kernelSize' must be an integer >= 1, but got -1"],
      ['AvgPool2d countIncludePad', () => new AvgPool2d(2, { countIncludePad: bad('no') }), ArgumentTypeError, "AvgPool2d(): argument 'countIncludePad' must be a boolean, but got a string"],
      ['AvgPool2d divisorOverride', () => new AvgPool2d(2, { divisorOverride: 1.5 }), ValueError, "AvgPool2d(): argument 'divisorOverride' must be an integer, but got 1.5"],
      ['Adaptive string', () => new AdaptiveAvgPool2d(bad('a')), ArgumentTypeError, "AdaptiveAvgPool2d(): argument 'outputSize' must be an integer or a list of 2 integers or nulls, but got a string"],
      ['Adaptive -1', () => new AdaptiveAvgPool2d([2, -1]), ValueError, "AdaptiveAvgPool2d(): argument 'outputSize[1]' must be a non-negative integer, but got -1"],
      ['Adaptive 3 sizes', () => new AdaptiveAvgPool2d([1, 2, 3]), ValueError, "AdaptiveAvgPool2d(): argument 'outputSize' must be an integer or a list of 2 integers or nulls, but got [1, 2, 3]"],
    ]);
  });
});

describe('Module and containers refuse what is not a module, a tensor or a dict', () => {
  it('registration and the module methods', () => {
    const m = new Linear(2, 2);
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['buffer 5', () => m.registerBuffer('x', bad(5)), ArgumentTypeError, "cannot assign a number to buffer 'x' (a Tensor or null required)"],
      ['parameter name', () => m.registerParameter(bad(5), null), ArgumentTypeError, 'parameter name should be a string. Got number'],
      ['child', () => m.registerModule('child', bad({})), ArgumentTypeError, "cannot assign an Object as child module 'child' (a Module required)"],
      ['apply', () => m.apply(bad(5)), ArgumentTypeError, "Linear.apply(): argument 'fn' must be a function, but got a number"],
      ['getSubmodule', () => m.getSubmodule(bad(5)), ArgumentTypeError, "Linear.getSubmodule(): argument 'path' must be a string, but got a number"],
      ['namedParameters', () => m.namedParameters(bad(true)), ArgumentTypeError, "Linear.namedParameters(): argument 'options' must be an options object, but got a boolean"],
      ['namedBuffers recurse', () => m.namedBuffers({ recurse: bad(1) }), ArgumentTypeError, "Linear.namedBuffers(): argument 'recurse' must be a boolean, but got a number"],
      ['loadStateDict number', () => m.loadStateDict(bad(5)), ArgumentTypeError, "Linear.loadStateDict(): argument 'stateDict' must be a dict of Tensors (a plain object), but got a number"],
      ['loadStateDict Map', () => m.loadStateDict(bad(new Map([['weight', ones([2, 2])]])), { strict: false }), ArgumentTypeError, "Linear.loadStateDict(): argument 'stateDict' must be a dict of Tensors (a plain object), but got a Map"],
      ['loadStateDict strict', () => m.loadStateDict(m.stateDict(), { strict: bad('no') }), ArgumentTypeError, "Linear.loadStateDict(): argument 'strict' must be a boolean, but got a string"],
    ]);
  });

  it('containers', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['Sequential(5)', () => new Sequential(bad(5)), ArgumentTypeError, "cannot assign a number as child module '0' (a Module required)"],
      ['Sequential(relu, 5)', () => new Sequential(new ReLU(), bad(5)), ArgumentTypeError, "cannot assign a number as child module '1' (a Module required)"],
      ['Sequential(Map)', () => new Sequential(bad(new Map())), ArgumentTypeError, "cannot assign a Map as child module '0' (a Module required)"],
      ['Sequential({a: 5})', () => new Sequential({ a: bad(5) }), ArgumentTypeError, "cannot assign a number as child module 'a' (a Module required)"],
      ['ModuleList(5)', () => new ModuleList(bad(5)), ArgumentTypeError, "ModuleList(): argument 'modules' must be an iterable of Modules, but got a number"],
      ['ModuleList([5])', () => new ModuleList([bad(5)]), ArgumentTypeError, "cannot assign a number as child module '0' (a Module required)"],
      ['ModuleDict(5)', () => new ModuleDict(bad(5)), ArgumentTypeError, "ModuleDict(): argument 'modules' must be a dict of Modules (a plain object), but got a number"],
      ['ModuleDict(Map)', () => new ModuleDict(bad(new Map())), ArgumentTypeError, "ModuleDict(): argument 'modules' must be a dict of Modules (a plain object), but got a Map"],
    ]);
  });
});

describe('functions refuse wrong arguments', () => {
  const lin = new Linear(2, 2);
  const x = ones([1, 2]);

  it('functionalCall', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['null module', () => functionalCall(bad(null), {}, x), ArgumentTypeError, "functionalCall(): argument 'module' must be a Module, but got null"],
      ['Map', () => functionalCall(lin, bad(new Map([['weight', ones([2, 2])]])), x), ArgumentTypeError, "functionalCall(): argument 'parameterAndBufferDicts' must be a dict of Tensors (a plain object), but got a Map"],
      ['Map in a list', () => functionalCall(lin, [{}, bad(new Map())], x), ArgumentTypeError, "functionalCall(): argument 'parameterAndBufferDicts[1]' must be a dict of Tensors (a plain object), but got a Map"],
      ['number', () => functionalCall(lin, bad(3), x), ArgumentTypeError, "functionalCall(): argument 'parameterAndBufferDicts' must be a dict of Tensors (a plain object), but got a number"],
      ['not a tensor', () => functionalCall(lin, { weight: bad(3) }, x), ArgumentTypeError, "functional_call: expected a Tensor for 'weight', but got number"],
      ['kwargs', () => functionalCall(lin, {}, x, bad(5)), ArgumentTypeError, "functionalCall(): argument 'kwargs' must be a dict of values (a plain object), but got a number"],
      ['options', () => functionalCall(lin, {}, x, undefined, bad('strict')), ArgumentTypeError, "functionalCall(): argument 'options' must be an options object, but got a string"],
      ['tieWeights', () => functionalCall(lin, {}, x, undefined, { tieWeights: bad(1) }), ArgumentTypeError, "functionalCall(): argument 'tieWeights' must be a boolean, but got a number"],
    ]);
  });

  it('stackModuleState', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['number', () => stackModuleState(bad(5)), ArgumentTypeError, "stackModuleState(): argument 'models' must be an array of Modules, but got a number"],
      ['[5]', () => stackModuleState([lin, bad(5)]), ArgumentTypeError, "stackModuleState(): argument 'models[1]' must be a Module, but got a number"],
    ]);
  });

  it('skipInit', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['number', () => skipInit(bad(42)), ArgumentTypeError, "skipInit(): argument 'build' must be a function, but got a number"],
    ]);
  });

  it('safetensors', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['load 5', () => loadSafetensors(bad(5)), ArgumentTypeError, 'loadSafetensors(): expected a Uint8Array or an ArrayBuffer, got number 5'],
      ['load array', () => loadSafetensors(bad([1, 2])), ArgumentTypeError, 'loadSafetensors(): expected a Uint8Array or an ArrayBuffer, got an array of 2 elements'],
      ['header string', () => readSafetensorsHeader(bad('x')), ArgumentTypeError, 'readSafetensorsHeader(): expected a Uint8Array or an ArrayBuffer, got the string "x"'],
      ['save 5', () => saveSafetensors(bad(5)), ArgumentTypeError, 'saveSafetensors(): expected stateDict to be a Record<string, Tensor>, got number 5'],
      ['save Map', () => saveSafetensors(bad(new Map([['w', ones([1])]]))), ArgumentTypeError, 'saveSafetensors(): expected stateDict to be a Record<string, Tensor>, got a Map'],
      ['save value', () => saveSafetensors({ w: bad(1) }), ArgumentTypeError, 'saveSafetensors(): expected stateDict["w"] to be a Tensor, got number 1'],
      ['metadata Map', () => saveSafetensors({}, bad(new Map([['a', 'b']]))), ArgumentTypeError, 'saveSafetensors(): expected metadata to be a Record<string, string>, got a Map'],
    ]);
  });

  it('init', () => {
    // biome-ignore format: one refusal a line
    expectRefusals([
      ['uniform_', () => init.uniform_(bad(undefined)), ArgumentTypeError, "uniform_(): argument 'tensor' must be a Tensor, but got undefined"],
      ['normal_', () => init.normal_(bad([1])), ArgumentTypeError, "normal_(): argument 'tensor' must be a Tensor, but got an array"],
      ['constant_', () => init.constant_(bad(null), 1), ArgumentTypeError, "constant_(): argument 'tensor' must be a Tensor, but got null"],
      ['zeros_', () => init.zeros_(bad(1)), ArgumentTypeError, "zeros_(): argument 'tensor' must be a Tensor, but got a number"],
      ['ones_', () => init.ones_(bad(1)), ArgumentTypeError, "ones_(): argument 'tensor' must be a Tensor, but got a number"],
      ['kaimingUniform_', () => init.kaimingUniform_(bad(1)), ArgumentTypeError, "kaimingUniform_(): argument 'tensor' must be a Tensor, but got a number"],
      ['kaimingNormal_', () => init.kaimingNormal_(bad(1)), ArgumentTypeError, "kaimingNormal_(): argument 'tensor' must be a Tensor, but got a number"],
      ['xavierUniform_', () => init.xavierUniform_(bad(1)), ArgumentTypeError, "xavierUniform_(): argument 'tensor' must be a Tensor, but got a number"],
      ['xavierNormal_', () => init.xavierNormal_(bad(1)), ArgumentTypeError, "xavierNormal_(): argument 'tensor' must be a Tensor, but got a number"],
      ['calculateFanInAndFanOut', () => init.calculateFanInAndFanOut(bad(1)), ArgumentTypeError, "calculateFanInAndFanOut(): argument 'tensor' must be a Tensor, but got a number"],
    ]);
  });
});
