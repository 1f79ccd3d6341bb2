// What both terminal demos do with their flags: parse them (string settings, --json, -h/--help), then print the
// help, or the problems (exit status 2), or hand back the settings to run.
import { parseArgs } from 'node:util';
import { errorMessage } from '../story/error-message.js';

export type Parsed<C> =
  | { kind: 'help' }
  | { kind: 'run'; config: C; json: boolean }
  | { kind: 'error'; problems: string[] };

/** The settings to run, or undefined once the help or the problems are printed. */
export function settingsToRun<C>(
  parsed: Parsed<C>,
  help: () => string,
): { config: C; json: boolean } | undefined {
  if (parsed.kind === 'help') {
    console.log(help());
  } else if (parsed.kind === 'error') {
    for (const problem of parsed.problems) console.error(`error: ${problem}`);
    console.error('Run with --help to see the options.');
    process.exitCode = 2;
  } else {
    return parsed;
  }
  return undefined;
}

export type FlagValues = Record<string, string | boolean | undefined>;

/**
 * `argv` parsed strictly: `--<name> <value>` for each of `names`, `--json` and `-h`/`--help`, nothing positional.
 * A flag it does not know (or a missing value) gives the problem, naming every valid option.
 */
export function parseFlags(
  argv: readonly string[],
  names: readonly string[],
): { values: FlagValues } | { problem: string } {
  const settings = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { ...settings, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    return { values };
  } catch (e) {
    const valid = [...names, 'json', 'help'].map((name) => `--${name}`).join(', ');
    return { problem: `${errorMessage(e)} (valid options: ${valid})` };
  }
}
