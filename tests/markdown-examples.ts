// The ```ts blocks of the READMEs and guides as programs: where they are, what each commented console.log line must
// print, and the program rewritten so that it reports what those lines printed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One ```ts block: its markdown file (relative to the repository), the line its code starts on, and the code. */
export interface Example {
  file: string;
  line: number;
  code: string;
}

/** A `console.log(...); // expected` line of an example: its line in the example (from 1) and the expected text. */
export interface Expectation {
  line: number;
  expected: string;
}

/** The markdown files whose ```ts blocks must be programs: the root README, every package's and app's, the guides. */
export function markdownFiles(root: string): string[] {
  const inFolder = (dir: string, pick: (name: string) => string | null) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .map((entry) => pick(entry.name))
      .filter((path): path is string => path !== null)
      .map((path) => join(root, dir, path));
  const readmes = (dir: string) =>
    inFolder(dir, (name) => `${name}/README.md`).filter((path) => existsSync(path));
  return [
    join(root, 'README.md'),
    ...readmes('packages'),
    ...readmes('apps'),
    ...inFolder('docs/guides', (name) => (name.endsWith('.md') ? name : null)),
  ];
}

/** Every ```ts block of a markdown file, in order. */
export function extractExamples(root: string, path: string): Example[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const examples: Example[] = [];
  let start = -1;
  for (const [i, text] of lines.entries()) {
    if (start < 0 && text === '```ts') start = i + 1;
    else if (start >= 0 && text.startsWith('```')) {
      examples.push({ file: relative(root, path), line: start + 1, code: lines.slice(start, i).join('\n') });
      start = -1;
    }
  }
  if (start >= 0) throw new Error(`${relative(root, path)}:${start}: a \`\`\`ts block is never closed`);
  return examples;
}

/** The language of every code block of a markdown file ('' for a bare fence), in order. */
export function fenceLanguages(path: string): string[] {
  const languages: string[] = [];
  let open = false;
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    if (!text.startsWith('```')) continue;
    if (!open) languages.push(text.slice(3).trim());
    open = !open;
  }
  return languages;
}

// `console.log(...); // what it prints`, the statement ending the line before the comment.
const CHECKED_LOG = /console\.log\(.*\);\s*\/\/ (.*)$/;

/**
 * The convention of the examples: a line with `console.log(...)` whose statement is followed by a `// comment`
 * must print the comment. Whitespace is ignored (`[2, 3]` matches Node's `[ 2, 3 ]`), and a comment ending in
 * `...` is a prefix of what was printed. A line that prints more than once (a loop) must print it every time.
 */
export function expectations(code: string): Expectation[] {
  return code.split('\n').flatMap((text, i) => {
    const match = CHECKED_LOG.exec(text);
    return match ? [{ line: i + 1, expected: match[1]! }] : [];
  });
}

/** Whether `printed` is what a comment `expected` says, under the convention of {@link expectations}. */
export function matches(printed: string, expected: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, '');
  return expected.endsWith('...')
    ? squash(printed).startsWith(squash(expected.slice(0, -3)))
    : squash(printed) === squash(expected);
}

/** The marker that starts each line an instrumented program prints for a checked console.log. */
export const MARK = '\u0000bn-example ';

/**
 * The example's code with each checked `console.log(` replaced by a call that prints the marker, the line and the
 * text as JSON (imports and function declarations are hoisted, so they may come last).
 */
export function instrument(code: string): string {
  const checked = new Set(expectations(code).map((e) => e.line));
  const body = code
    .split('\n')
    .map((text, i) => (checked.has(i + 1) ? text.replaceAll('console.log(', `__bnLog(${i + 1}, `) : text))
    .join('\n');
  return `${body}
import { format as __bnFormat } from 'node:util';
function __bnLog(line: number, ...args: unknown[]): void {
  console.log(${JSON.stringify(MARK)} + JSON.stringify([line, __bnFormat(...args)]));
}
`;
}

/** What the checked lines of an instrumented program printed, as [line, text] pairs in order. */
export function checkedOutput(stdout: string): Array<[number, string]> {
  return stdout
    .split('\n')
    .filter((text) => text.startsWith(MARK))
    .map((text) => JSON.parse(text.slice(MARK.length)) as [number, string]);
}
