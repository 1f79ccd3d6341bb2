// Selective installs: every published package packs with `pnpm pack`, passes publint, installs from its tarball
// with plain npm into a scratch project (no workspace, no registry for @bn packages), works when imported, and
// runs its README's example (which must therefore be plain JavaScript).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const packagesDir = join(root, 'packages');

interface PackageJson {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
}

const packages = readdirSync(packagesDir)
  .map((dir) => ({
    dir: join(packagesDir, dir),
    json: JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as PackageJson,
  }))
  .filter((p) => !p.json.private);

/** What each package must do once installed: a tiny program printing a JSON result, and that result. */
const smokeTests: Record<string, { code: string; expected: unknown }> = {
  '@bn/tensor': {
    // the built bundle names the class in errors as the source does (esbuild renames Tensor to _Tensor)
    code: "import { tensor, matmul, describeValue } from '@bn/tensor'; console.log(JSON.stringify([matmul(tensor([[1, 2], [3, 4]]), tensor([[1], [1]])).toArray(), describeValue(tensor(1))]));",
    expected: [[[3], [7]], 'a Tensor'],
  },
  '@bn/vmap': {
    code: "import { tensor } from '@bn/tensor'; import { vmap } from '@bn/vmap'; console.log(JSON.stringify(vmap((row) => row.sum())(tensor([[1, 2], [3, 4]])).toArray()));",
    expected: [3, 7],
  },
  '@bn/nn': {
    code: "import { Linear } from '@bn/nn'; const m = new Linear(2, 3); console.log(JSON.stringify([Object.keys(m.stateDict()), m.toString()]));",
    expected: [['weight', 'bias'], 'Linear(in_features=2, out_features=3, bias=True)'],
  },
  '@bn/models': {
    code: "import { GroupNorm } from '@bn/nn'; import { resnet18, regnetY400mf } from '@bn/models'; const count = (m) => m.parameters().reduce((n, p) => n + p.numel(), 0); const gn = resnet18({ normLayer: (c) => new GroupNorm(32, c) }); console.log(JSON.stringify([count(resnet18()), count(regnetY400mf()), gn.modules().filter((m) => m instanceof GroupNorm).length]));",
    expected: [11689512, 4344144, 20],
  },
  '@bn/autograd': {
    code: "import { tensor, mul, sum } from '@bn/tensor'; import { grad } from '@bn/autograd'; console.log(JSON.stringify(grad((x) => sum(mul(x, x)))(tensor([1, -2])).toArray()));",
    expected: [2, -4],
  },
  '@bn/optim': {
    code: "import { tensor } from '@bn/tensor'; import { SGD } from '@bn/optim'; const w = tensor([1, 2]); const opt = new SGD([w], { lr: 0.5, momentum: 0.5 }); opt.step([tensor([1, -1])]); opt.step([tensor([1, -1])]); console.log(JSON.stringify([w.toArray(), Object.keys(opt.stateDict().state[0])]));",
    expected: [
      [-0.25, 3.25],
      ['step', 'momentumBuffer'],
    ],
  },
  '@bn/patch': {
    code: "import { BatchNorm2d, Sequential } from '@bn/nn'; import { replaceAllBatchNormModules_ } from '@bn/patch'; const net = replaceAllBatchNormModules_(new Sequential(new BatchNorm2d(4))); console.log(JSON.stringify([net.at(0).trackRunningStats, Object.keys(net.stateDict())]));",
    expected: [false, ['0.weight', '0.bias']],
  },
};

describe('packaging', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bn-pack-'));
  const tarballs: string[] = [];

  beforeAll(() => {
    for (const p of packages) {
      const out = execFileSync('pnpm', ['pack', '--pack-destination', scratch], {
        cwd: p.dir,
        encoding: 'utf8',
      });
      const tgz = out.trim().split('\n').pop()!.trim();
      tarballs.push(tgz.startsWith('/') ? tgz : join(scratch, tgz));
    }
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', ...tarballs], {
      cwd: scratch,
      stdio: 'pipe',
    });
  });

  it('has a smoke test for every published package', () => {
    expect(packages.map((p) => p.json.name).sort()).toEqual(Object.keys(smokeTests).sort());
  });

  for (const p of packages) {
    it(`${p.json.name} passes publint`, async () => {
      const { messages } = await publint({ pkgDir: p.dir, strict: true });
      expect(messages).toEqual([]);
    });

    it(`${p.json.name}: the README example runs from the tarball`, () => {
      const readme = readFileSync(join(p.dir, 'README.md'), 'utf8');
      const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
      expect(example, 'a ```ts example in the README').toBeDefined();
      writeFileSync(join(scratch, 'readme-example.mjs'), example!);
      expect(() =>
        execFileSync('node', ['readme-example.mjs'], { cwd: scratch, stdio: 'pipe' }),
      ).not.toThrow();
    });

    it(`${p.json.name} imports and runs from its tarball`, () => {
      const smoke = smokeTests[p.json.name]!;
      writeFileSync(join(scratch, 'smoke.mjs'), smoke.code);
      const out = execFileSync('node', ['smoke.mjs'], { cwd: scratch, encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual(smoke.expected);
    });
  }
});
