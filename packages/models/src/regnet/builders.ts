// The RegNet family's builders with torchvision 0.14's design parameters: RegNetY (with squeeze-excitation, ratio
// 0.25) and RegNetX, from 400 MFLOPs to 128 GFLOPs. Mirrors regnet.py's builders.
import { checkOptions } from '../options.js';
import { BlockParams, type RegNetDesign } from './block-params.js';
import { REGNET_OPTIONS, RegNet, type RegNetOptions } from './regnet.js';

/** `new RegNet(BlockParams.fromInitParams(design), options)` after checking `options` for `fn`. */
function regnet(fn: string, design: RegNetDesign, options: RegNetOptions): RegNet {
  checkOptions(fn, options, REGNET_OPTIONS);
  return new RegNet(BlockParams.fromInitParams(design), options);
}

/** RegNetY-400MF: 4.3M parameters, 0.4 GFLOPs (multiply-adds) at 224x224. */
export function regnetY400mf(options: RegNetOptions = {}): RegNet {
  return regnet(
    'regnetY400mf',
    { depth: 16, w0: 48, wA: 27.89, wM: 2.09, groupWidth: 8, seRatio: 0.25 },
    options,
  );
}

/** RegNetY-800MF: 6.4M parameters. */
export function regnetY800mf(options: RegNetOptions = {}): RegNet {
  return regnet(
    'regnetY800mf',
    { depth: 14, w0: 56, wA: 38.84, wM: 2.4, groupWidth: 16, seRatio: 0.25 },
    options,
  );
}

/** RegNetY-1.6GF: 11.2M parameters. */
export function regnetY1_6gf(options: RegNetOptions = {}): RegNet {
  return regnet(
    'regnetY1_6gf',
    { depth: 27, w0: 48, wA: 20.71, wM: 2.65, groupWidth: 24, seRatio: 0.25 },
    options,
  );
}

/** RegNetY-3.2GF: 19.4M parameters. */
export function regnetY3_2gf(options: RegNetOptions = {}): RegNet {
  return regnet(
    'regnetY3_2gf',
    { depth: 21, w0: 80, wA: 42.63, wM: 2.66, groupWidth: 24, seRatio: 0.25 },
    options,
  );
}

/** RegNetY-8GF: 39.4M parameters. */
export function regnetY8gf(options: RegNetOptions = {}): RegNet {
  return regnet(
    'regnetY8gf',
    { depth: 17, w0: 192, wA: 76.82, wM: 2.19, groupWidth: 56, seRatio: 0.25 },
    options,
  );
}

/** RegNetY-16GF: 83.6M parameters. */
export function regnetY16gf(options: RegNetOptions = {}): RegNet {
  return regnet(
    'regnetY16gf',
    { depth: 18, w0: 200, wA: 106.23, wM: 2.48, groupWidth: 112, seRatio: 0.25 },
    options,
  );
}

/** RegNetY-32GF: 145M parameters. */
export function regnetY32gf(options: RegNetOptions = {}): RegNet {
  return regnet(
    'regnetY32gf',
    { depth: 20, w0: 232, wA: 115.89, wM: 2.53, groupWidth: 232, seRatio: 0.25 },
    options,
  );
}

/** RegNetY-128GF: 645M parameters. */
export function regnetY128gf(options: RegNetOptions = {}): RegNet {
  return regnet(
    'regnetY128gf',
    { depth: 27, w0: 456, wA: 160.83, wM: 2.52, groupWidth: 264, seRatio: 0.25 },
    options,
  );
}

/** RegNetX-400MF (no squeeze-excitation): 5.5M parameters. */
export function regnetX400mf(options: RegNetOptions = {}): RegNet {
  return regnet('regnetX400mf', { depth: 22, w0: 24, wA: 24.48, wM: 2.54, groupWidth: 16 }, options);
}

/** RegNetX-800MF: 7.3M parameters. */
export function regnetX800mf(options: RegNetOptions = {}): RegNet {
  return regnet('regnetX800mf', { depth: 16, w0: 56, wA: 35.73, wM: 2.28, groupWidth: 16 }, options);
}

/** RegNetX-1.6GF: 9.2M parameters. */
export function regnetX1_6gf(options: RegNetOptions = {}): RegNet {
  return regnet('regnetX1_6gf', { depth: 18, w0: 80, wA: 34.01, wM: 2.25, groupWidth: 24 }, options);
}

/** RegNetX-3.2GF: 15.3M parameters. */
export function regnetX3_2gf(options: RegNetOptions = {}): RegNet {
  return regnet('regnetX3_2gf', { depth: 25, w0: 88, wA: 26.31, wM: 2.25, groupWidth: 48 }, options);
}

/** RegNetX-8GF: 39.6M parameters. */
export function regnetX8gf(options: RegNetOptions = {}): RegNet {
  return regnet('regnetX8gf', { depth: 23, w0: 80, wA: 49.56, wM: 2.88, groupWidth: 120 }, options);
}

/** RegNetX-16GF: 54.3M parameters. */
export function regnetX16gf(options: RegNetOptions = {}): RegNet {
  return regnet('regnetX16gf', { depth: 22, w0: 216, wA: 55.59, wM: 2.1, groupWidth: 128 }, options);
}

/** RegNetX-32GF: 107.8M parameters. */
export function regnetX32gf(options: RegNetOptions = {}): RegNet {
  return regnet('regnetX32gf', { depth: 23, w0: 320, wA: 69.86, wM: 2.0, groupWidth: 168 }, options);
}
