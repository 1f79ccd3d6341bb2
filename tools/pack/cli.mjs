// `pnpm pack:install <project-dir> <package...>` and `pnpm pack:all <dir>`: the install route while @bn is not
// on npm. A plain `npm install some.tgz` would ask the registry for the @bn packages it depends on (404), so
// pack:install packs the named packages with every @bn package they need and installs all those tarballs at
// once; npm then finds each @bn dependency among them. pnpm runs the script at the repository's root, so
// relative paths start there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pack, publishedPackages, withDependencies } from './packages.mjs';

/** Where pack:install keeps the tarballs, inside the project: its package.json points at them (file:). */
const TARBALL_DIR = 'bn-packages';

const USAGE = `usage:
  pnpm pack:install <project-dir> <package...>   e.g. pnpm pack:install ../my-app @bn/models
  pnpm pack:all <dir>`;

/**
 * @param {string} projectArg
 * @param {string[]} names
 */
function install(projectArg, names) {
  const project = resolve(projectArg);
  if (!existsSync(join(project, 'package.json'))) {
    throw new Error(
      `expected a project directory with a package.json, got '${projectArg}'${project === projectArg ? '' : ` (${project})`}; ` +
        'create one first: mkdir my-app && cd my-app && npm init -y',
    );
  }
  if (names.length === 0) throw new Error(`expected at least one package after the project\n${USAGE}`);
  const packages = publishedPackages();
  const selection = withDependencies(packages, names);
  const destination = join(project, TARBALL_DIR);
  mkdirSync(destination, { recursive: true });
  const tarballs = pack(selection, destination).map((tarball) => `./${relative(project, tarball)}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', ...tarballs], {
    cwd: project,
    stdio: 'inherit',
  });
  const added = selection.map((p) => p.json.name).filter((name) => !names.includes(name));
  console.log(
    `installed ${names.join(', ')}${added.length > 0 ? ` with ${added.join(', ')}` : ''} into ${project}` +
      ` (tarballs in ${TARBALL_DIR}/)`,
  );
}

/** @param {string} dirArg */
function packAll(dirArg) {
  const destination = resolve(dirArg);
  mkdirSync(destination, { recursive: true });
  for (const tarball of pack([...publishedPackages().values()], destination)) console.log(tarball);
}

const [command, target, ...names] = process.argv.slice(2);
try {
  if (command === 'install' && target !== undefined) install(target, names);
  else if (command === 'all' && target !== undefined && names.length === 0) packAll(target);
  else
    throw new Error(
      `expected 'install <project-dir> <package...>' or 'all <dir>', got '${process.argv.slice(2).join(' ')}'\n${USAGE}`,
    );
} catch (error) {
  const prefix = command === 'install' || command === 'all' ? `pack:${command}: ` : '';
  console.error(`${prefix}${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
