// Every ```ts block of every README and guide is a complete program: all of them compile as one strict TypeScript
// program against the built workspace packages, and each runs (transpiled, in a scratch folder inside the repository
// so that `@bn/*` resolve) and prints what its `console.log(...); // comment` lines say (tests/markdown-examples.ts).
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resnet18 } from '@bn/models';
import { saveSafetensors } from '@bn/nn';
import { manualSeed } from '@bn/tensor';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkedOutput,
  type Example,
  expectations,
  extractExamples,
  fenceLanguages,
  instrument,
  markdownFiles,
  matches,
} from './markdown-examples.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = join(root, 'node_modules', '.readme-examples');
const examples = markdownFiles(root).flatMap((path) => extractExamples(root, path));
const baseName = (e: Example) => `${e.file.replace(/[^A-Za-z0-9]+/g, '_')}_${e.line}`;

/** The files the examples read, made as a user would have them (the guide's Python line writes resnet18's). */
const INPUTS: Record<string, () => Uint8Array> = {
  'resnet18.safetensors': () => {
    manualSeed(0);
    return saveSafetensors(resnet18().stateDict());
  },
};

/** A user's strict project: ES modules for Node, resolved through the packages' `exports`. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  typeRoots: [join(root, 'node_modules', '@types')],
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  noEmit: true,
};

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const errors = new Map<Example, string[]>();
const runs = new Map<Example, Run>();

/** Runs each example's transpiled program with Node, two at a time (the machine's cores). */
async function runAll(): Promise<void> {
  const queue = [...examples];
  const worker = async () => {
    for (let e = queue.shift(); e; e = queue.shift()) {
      const file = `${baseName(e)}.mjs`;
      try {
        const { stdout, stderr } = await promisify(execFile)('node', [file], {
          cwd: scratch,
          timeout: 60_000,
        });
        runs.set(e, { exitCode: 0, stdout, stderr });
      } catch (error) {
        const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
        runs.set(e, { exitCode: code ?? -1, stdout, stderr });
      }
    }
  };
  await Promise.all([worker(), worker()]);
}

beforeAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  for (const [name, make] of Object.entries(INPUTS)) writeFileSync(join(scratch, name), make());
  for (const e of examples) {
    writeFileSync(join(scratch, `${baseName(e)}.ts`), e.code);
    const { outputText } = ts.transpileModule(instrument(e.code), { compilerOptions: COMPILER_OPTIONS });
    writeFileSync(join(scratch, `${baseName(e)}.mjs`), outputText);
  }
  const program = ts.createProgram(
    examples.map((e) => join(scratch, `${baseName(e)}.ts`)),
    COMPILER_OPTIONS,
  );
  for (const e of examples) {
    const source = program.getSourceFile(join(scratch, `${baseName(e)}.ts`))!;
    const messages = ts.getPreEmitDiagnostics(program, source).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
      return `${e.file}:${e.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    errors.set(e, messages);
  }
  await runAll();
}, 120_000);

describe('the output convention of the examples', () => {
  it('reads the comment after a console.log statement as its expected output', () => {
    const code =
      "const x = 1;\nconsole.log(x); // 1\nconsole.log(x);\nfor (const s of ['a']) console.log(s); // a";
    expect(expectations(code)).toEqual([
      { line: 2, expected: '1' },
      { line: 4, expected: 'a' },
    ]);
  });

  it('ignores whitespace, and takes a comment ending in ... as a prefix', () => {
    expect(matches('[ 2, 4, 10 ] true', '[2, 4, 10] true')).toBe(true);
    expect(matches('[ 2, 4, 10 ]', '[2, 4, 1]')).toBe(false);
    expect(matches('Batch norm got a batched tensor as input', 'Batch norm got ...')).toBe(true);
    expect(matches('8.154845', '8.155...')).toBe(false);
  });
});

describe('README and guide examples', () => {
  it('finds the examples of every package README and of the guides', () => {
    const files = new Set(examples.map((e) => e.file));
    for (const pkg of ['tensor', 'vmap', 'nn', 'patch', 'models', 'autograd', 'optim']) {
      expect(files).toContain(`packages/${pkg}/README.md`);
    }
    expect([...files].filter((f) => f.startsWith('docs/guides/')).length).toBeGreaterThanOrEqual(4);
  });

  it('has no TypeScript or JavaScript block under another fence, which the runner would miss', () => {
    for (const path of markdownFiles(root)) {
      for (const language of fenceLanguages(path)) {
        expect(['ts', 'sh', 'text', 'python', ''], `${path}: a \`\`\`${language} block`).toContain(language);
      }
    }
  });

  for (const e of examples) {
    describe(`${e.file}:${e.line}`, () => {
      it('compiles under strict TypeScript', () => {
        expect(errors.get(e)).toEqual([]);
      });

      it('runs and prints what its comments say', () => {
        const run = runs.get(e)!;
        expect(run.exitCode, run.stderr).toBe(0);
        const printed = checkedOutput(run.stdout);
        for (const { line, expected } of expectations(e.code)) {
          const texts = printed.filter(([l]) => l === line).map(([, text]) => text);
          const where = `${e.file}:${e.line + line - 1}`;
          expect(texts.length, `${where} printed nothing`).toBeGreaterThan(0);
          for (const text of texts) expect(matches(text, expected), `${where} printed ${text}`).toBe(true);
        }
      });
    });
  }
});
