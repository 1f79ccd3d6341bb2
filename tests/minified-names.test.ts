// Module names survive a minifier: a small program bundled from the built packages with esbuild's `minify` (which
// renames every class: BatchNorm2d becomes something like `wn`) prints PyTorch's tree, error paths, state-dict and
// stackModuleState errors, vmap's BatchNorm error and findVmapIncompatibilities with the names the classes declare;
// a user's subclass prints the name it declares, or, declaring none, its class's own (minified) name.
import { describe, expect, it } from 'vitest';
import { bundle, runBundle } from './bundle.js';

const APP = `
import { BatchNorm2d, Conv2d, Flatten, Linear, ReLU, Sequential, stackModuleState } from '@bn/nn';
import { BasicBlock } from '@bn/models';
import { findVmapIncompatibilities } from '@bn/patch';
import { randn, zeros } from '@bn/tensor';
import { vmap } from '@bn/vmap';

class Plain extends BatchNorm2d {}
class Named extends BatchNorm2d {
  static moduleName = 'Named';
}
const net = new Sequential(
  new Conv2d(3, 4, 3, { bias: false }),
  new BatchNorm2d(4),
  new Sequential(new ReLU(), new Flatten(), new Linear(16, 2)),
);
const message = (f) => {
  try {
    f();
  } catch (e) {
    return e.message;
  }
  return 'no error';
};
console.log(JSON.stringify({
  classNames: [BatchNorm2d.name, Sequential.name, BasicBlock.name, Plain.name],
  net: net.toString(),
  block: new BasicBlock(4, 4).toString().split('\\n')[0],
  user: [new Plain(2).toString(), new Named(2).toString()],
  forward: message(() => net.forward(randn([1, 3, 5, 5]))),
  load: message(() => net.loadStateDict({ ...net.stateDict(), '1.weight': zeros([3]) })),
  stack: message(() => stackModuleState([net, new Plain(2)])),
  vmap: message(() => vmap(net)(randn([2, 1, 3, 4, 4]))),
  incompatible: findVmapIncompatibilities(net).map((found) => found.className),
}));
`;

const NORM_OPTIONS = 'eps=1e-05, momentum=0.1, affine=True, track_running_stats=True';

interface Printed {
  classNames: string[];
  net: string;
  block: string;
  user: string[];
  forward: string;
  load: string;
  stack: string;
  vmap: string;
  incompatible: string[];
}

describe('names in a minified bundle', () => {
  it('are the names the classes declare, and a user class without one prints its own', async () => {
    const printed = runBundle(await bundle(APP, { minify: true })) as Printed;
    // the minifier did rename the classes (else this test would show nothing)
    const [, , , plain] = printed.classNames;
    expect(
      printed.classNames.filter((n) => ['BatchNorm2d', 'Sequential', 'BasicBlock', 'Plain'].includes(n)),
    ).toEqual([]);
    expect(printed.net).toBe(
      [
        'Sequential(',
        '  (0): Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), bias=False)',
        `  (1): BatchNorm2d(4, ${NORM_OPTIONS})`,
        '  (2): Sequential(',
        '    (0): ReLU()',
        '    (1): Flatten(start_dim=1, end_dim=-1)',
        '    (2): Linear(in_features=16, out_features=2, bias=True)',
        '  )',
        ')',
      ].join('\n'),
    );
    expect(printed.block).toBe('BasicBlock(');
    expect(printed.user).toEqual([`${plain}(2, ${NORM_OPTIONS})`, `Named(2, ${NORM_OPTIONS})`]);
    expect(printed.forward).toMatch(/\n {2}\(raised in 2\.2 \(Linear\)\)$/);
    expect(printed.load).toMatch(
      /^Error\(s\) in loading state_dict for Sequential:\n\tsize mismatch for 1\.weight/,
    );
    expect(printed.stack).toBe(
      `stack_module_state: Expected all models to be of the same class, got Sequential and ${plain}.`,
    );
    expect(printed.vmap).toContain('Batch norm got a batched tensor as input');
    expect(printed.vmap).toContain('\n  in 1 (BatchNorm2d)\n');
    expect(printed.incompatible).toEqual(['BatchNorm2d']);
  });
});
