// The documented install route, followed as a user follows it. `pnpm pack:all` writes tarballs that carry the
// LICENSE and the metadata; `pnpm pack:install` of ONE package into a fresh npm project pulls the @bn packages it
// needs and no others (npm never asks the registry: it runs offline); a fresh project made by the root README's
// "Installing" commands, with each package README's install line, runs the READMEs' examples (TypeScript,
// transpiled with `transpileModule`), the smoke tests, and `require`s every package from a .cjs file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedPackages, withDependencies } from '../tools/pack/packages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const rootJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  repository: { url: string };
};
/** The repository's web address, held once in the root package.json (assumed: the clone has no git remote). */
const repo = rootJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const workspace = publishedPackages();
const packages = [...workspace.values()];
const readme = (dir: string) => readFileSync(join(dir, 'README.md'), 'utf8');

/** The bodies of a markdown text's fenced blocks in one language, in order. */
const fenced = (markdown: string, lang: string) =>
  [...markdown.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map((m) => m[1]!);

/** Every link target of a markdown text outside code: inline links and images, definitions, HTML href/src. */
const linkTargets = (markdown: string) => {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [
    ...prose.matchAll(/\]\(\s*<?([^)\s>]+)/g),
    ...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?([^\s>]+)/gm),
    ...prose.matchAll(/\b(?:href|src)="([^"]+)"/g),
  ].map((m) => m[1]!);
};

/** The packages a README's `pnpm pack:install ../my-app <package...>` lines name. */
const installLine = (markdown: string) =>
  fenced(markdown, 'sh')
    .flatMap((block) => block.split('\n'))
    .filter((line) => line.startsWith('pnpm pack:install ../my-app '))
    .flatMap((line) => line.split('#')[0]!.trim().split(/\s+/).slice(3));

/** A README example (strict TypeScript) as the JavaScript a user's `tsx`/`tsc` would run. */
const toJs = (code: string) =>
  ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;

/** Runs a command; npm is offline, so any @bn package it would fetch from the registry fails the install. */
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
    env: { ...process.env, npm_config_offline: 'true' },
  });

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

/** A CommonJS file that requires every package and uses each one: names of its function exports, and a sum. */
const REQUIRE_ALL = `const { tensor } = require('@bn/tensor');
const names = ${JSON.stringify(packages.map((p) => p.json.name))};
const kinds = names.map((name) => typeof require(name));
console.log(JSON.stringify([kinds, tensor([1, 2, 3]).sum().item(), typeof require('@bn/models').resnet18]));
`;

describe('packaging', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bn-pack-'));
  const tarballDir = join(scratch, 'tarballs');
  /** Each tarball unpacked, by package name: its `package/` directory. */
  const unpacked = new Map<string, string>();
  /** A fresh npm project given `pnpm pack:install <it> @bn/models` and nothing else. */
  const single = join(scratch, 'single');
  /** The project the root README's "Installing" commands make, then given each package README's line. */
  const app = join(scratch, 'my-app');

  beforeAll(() => {
    run('pnpm', ['pack:all', tarballDir], root);
    for (const file of readdirSync(tarballDir)) {
      const into = join(scratch, 'unpacked', file);
      mkdirSync(into, { recursive: true });
      run('tar', ['-xzf', join(tarballDir, file), '-C', into], root);
      const { name } = JSON.parse(readFileSync(join(into, 'package', 'package.json'), 'utf8')) as {
        name: string;
      };
      unpacked.set(name, join(into, 'package'));
    }

    mkdirSync(single);
    run('npm', ['init', '-y'], single);
    run('pnpm', ['pack:install', single, '@bn/models'], root);

    const installing = readme(root)
      .split(/^## /m)
      .find((section) => section.startsWith('Installing\n'))!;
    const commands = fenced(installing, 'sh').flatMap((block) => block.trim().split('\n'));
    // the clone and its install are this checkout's own; the rest runs as written, ../my-app being `app`
    expect(commands.slice(0, 2)).toEqual([`git clone ${repo} && cd bn`, 'pnpm install --frozen-lockfile']);
    run('bash', ['-euo', 'pipefail', '-c', commands.slice(2).join('\n').replaceAll('../my-app', app)], root);
    const fromPackageReadmes = new Set(packages.flatMap((p) => installLine(readme(p.dir))));
    run('pnpm', ['pack:install', app, ...fromPackageReadmes], root);
  }, 600_000);

  it('packs every published package, at a first version with a changelog', () => {
    expect([...unpacked.keys()].sort()).toEqual(packages.map((p) => p.json.name).sort());
    expect([...unpacked.keys()].sort()).toEqual(Object.keys(smokeTests).sort());
    for (const p of packages) {
      const packed = JSON.parse(readFileSync(join(unpacked.get(p.json.name)!, 'package.json'), 'utf8'));
      expect(packed.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(packed.version).not.toBe('0.0.0');
      // the tarball carries the changelog changesets wrote for this version
      const changelog = readFileSync(join(unpacked.get(p.json.name)!, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`\n## ${packed.version}\n`);
      // workspace:* became the exact version of each @bn dependency
      for (const [dep, range] of Object.entries(packed.dependencies ?? {})) {
        if (workspace.has(dep)) expect(range).toBe(workspace.get(dep)!.json.version);
      }
    }
  });

  it('installing ONE package pulls the @bn packages it needs and no others', () => {
    expect(readdirSync(join(single, 'node_modules', '@bn')).sort()).toEqual(['models', 'nn', 'tensor']);
    const { dependencies } = JSON.parse(readFileSync(join(single, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(dependencies).sort()).toEqual(['@bn/models', '@bn/nn', '@bn/tensor']);
    for (const spec of Object.values(dependencies))
      expect(spec).toMatch(/^file:bn-packages\/bn-[a-z]+-.*\.tgz$/);
    writeFileSync(join(single, 'smoke.mjs'), smokeTests['@bn/models']!.code);
    expect(JSON.parse(run('node', ['smoke.mjs'], single))).toEqual(smokeTests['@bn/models']!.expected);
  });

  it('pack:install names what it expected when a package or the project is wrong', () => {
    const fail = (args: string[]) => {
      try {
        run('node', ['tools/pack/cli.mjs', ...args], root);
      } catch (error) {
        return String((error as { stderr: string }).stderr);
      }
      throw new Error(`cli.mjs ${args.join(' ')} succeeded`);
    };
    expect(fail(['install', single, '@bn/modles'])).toContain(
      `unknown package '@bn/modles': expected one of ${packages.map((p) => p.json.name).join(', ')}`,
    );
    expect(fail(['install', join(scratch, 'nowhere'), '@bn/models'])).toContain(
      `expected a project directory with a package.json, got '${join(scratch, 'nowhere')}'`,
    );
    expect(fail(['pack', single])).toContain(`expected 'install <project-dir> <package...>' or 'all <dir>'`);
  });

  it('the first program of the root README runs in the project it makes', () => {
    const [firstProgram] = fenced(readme(root).split(/^## Installing\n/m)[1]!, 'ts');
    writeFileSync(join(app, 'first.mjs'), toJs(firstProgram!));
    expect(run('node', ['first.mjs'], app)).toBe('[ 2, 4, 10 ]\n');
  });

  it('every package requires from a .cjs file (Node >= 20.19 loads the ES modules)', () => {
    writeFileSync(join(app, 'require-all.cjs'), REQUIRE_ALL);
    expect(JSON.parse(run('node', ['require-all.cjs'], app))).toEqual([
      packages.map(() => 'object'),
      6,
      'function',
    ]);
  });

  it('package READMEs link only to absolute addresses, into files of the repository that exist', () => {
    for (const p of packages) {
      for (const target of linkTargets(readme(p.dir))) {
        if (target.startsWith('#')) continue; // a heading of the same page: registries keep these
        expect(target, `${p.json.name} README`).toMatch(/^https:\/\//);
        if (!target.startsWith(`${repo}/`)) continue;
        const path = /^\/(?:blob|tree)\/main\/([^#?]*)/.exec(target.slice(repo.length))?.[1];
        expect(path, `${p.json.name} README: ${target} is not ${repo}/blob/main/<path>`).toBeDefined();
        expect(existsSync(join(root, path!)), `${p.json.name} README: ${target}`).toBe(true);
      }
    }
  });

  for (const p of packages) {
    const name = p.json.name;
    const dir = basename(p.dir);

    it(`${name}: repository, homepage, bugs and license point at the one repository`, () => {
      for (const json of [
        p.json,
        JSON.parse(readFileSync(join(unpacked.get(name)!, 'package.json'), 'utf8')),
      ]) {
        expect(json).toMatchObject({
          license: 'MIT',
          repository: { type: 'git', url: rootJson.repository.url, directory: `packages/${dir}` },
          homepage: `${repo}/tree/main/packages/${dir}#readme`,
          bugs: { url: `${repo}/issues` },
        });
      }
    });

    it(`${name}: the tarball carries the root LICENSE`, () => {
      const license = readFileSync(join(root, 'LICENSE'), 'utf8');
      expect(license).toContain('MIT License\n\nCopyright (c) 2026 the @bn developers\n');
      expect(readFileSync(join(unpacked.get(name)!, 'LICENSE'), 'utf8')).toBe(license);
    });

    it(`${name} passes publint`, async () => {
      const { messages } = await publint({ pkgDir: p.dir, strict: true });
      expect(messages).toEqual([]);
    });

    it(`${name}: the README installs it with pack:install, whose line covers what its examples import`, () => {
      const text = readme(p.dir);
      for (const block of fenced(text, 'sh')) expect(block).not.toMatch(/npm (install|i) @bn\//);
      const named = installLine(text);
      expect(named).toContain(name);
      const installed = withDependencies(workspace, named).map((q) => q.json.name);
      const imported = new Set(
        fenced(text, 'ts').flatMap((code) => [...code.matchAll(/from '(@bn\/[a-z]+)'/g)]),
      );
      for (const [, pkg] of imported) expect(installed, `${name} README imports ${pkg}`).toContain(pkg);
    });

    it(`${name}: the README example runs in the project the root README made`, () => {
      const example = fenced(readme(p.dir), 'ts')[0];
      expect(example, 'a ```ts example in the README').toBeDefined();
      writeFileSync(join(app, 'readme-example.mjs'), toJs(example!));
      expect(run('node', ['readme-example.mjs'], app)).not.toBe('');
    });

    it(`${name} imports and runs from its tarball`, () => {
      const smoke = smokeTests[name]!;
      writeFileSync(join(app, 'smoke.mjs'), smoke.code);
      expect(JSON.parse(run('node', ['smoke.mjs'], app))).toEqual(smoke.expected);
    });
  }
});
