// The workspace's published packages (packages/*, not the private ones), the @bn packages a selection needs
// (its `dependencies` and `peerDependencies` on other @bn packages, transitively), and packing them into
// tarballs with `pnpm pack`, which turns `workspace:*` into the exact version and adds the root LICENSE.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('../../packages', import.meta.url));

/**
 * @typedef {{ name: string, version: string, private?: boolean, dependencies?: Record<string, string>,
 *   peerDependencies?: Record<string, string> }} PackageJson
 * @typedef {{ dir: string, json: PackageJson }} WorkspacePackage
 */

/** @returns {Map<string, WorkspacePackage>} every published package by name, in directory order */
export function publishedPackages() {
  const found = new Map();
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(packagesDir, entry.name);
    /** @type {PackageJson} */
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (!json.private) found.set(json.name, { dir, json });
  }
  return found;
}

/**
 * The named packages and every published package they depend on, transitively, dependencies first.
 * @param {Map<string, WorkspacePackage>} packages
 * @param {string[]} names
 * @returns {WorkspacePackage[]}
 */
export function withDependencies(packages, names) {
  /** @type {WorkspacePackage[]} */
  const order = [];
  /** @param {string} name */
  const visit = (name) => {
    const pkg = packages.get(name);
    if (pkg === undefined) {
      throw new Error(`unknown package '${name}': expected one of ${[...packages.keys()].join(', ')}`);
    }
    if (order.includes(pkg)) return;
    const deps = { ...pkg.json.dependencies, ...pkg.json.peerDependencies };
    for (const dep of Object.keys(deps)) if (packages.has(dep)) visit(dep);
    order.push(pkg);
  };
  for (const name of names) visit(name);
  return order;
}

/**
 * Packs each package into `destination`; returns the tarballs' absolute paths.
 * @param {WorkspacePackage[]} selection
 * @param {string} destination an existing directory
 */
export function pack(selection, destination) {
  return selection.map(({ dir }) => {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', destination], {
      cwd: dir,
      encoding: 'utf8',
    });
    const tarball = (out.trim().split('\n').at(-1) ?? '').trim();
    return isAbsolute(tarball) ? tarball : join(destination, tarball);
  });
}
