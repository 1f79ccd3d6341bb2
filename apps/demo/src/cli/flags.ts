// What both terminal demos do with their parsed flags: print the help, or the problems (exit status 2), or hand
// back the settings to run.
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
