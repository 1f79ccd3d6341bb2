// In place, every BatchNorm becomes a GroupNorm (option 1 of PyTorch's "Patching Batch Norm" applied to a built
// network). Mirrors Opacus's fixer (opacus/validators/batch_norm.py, module_validator.py's `fix`).
import {
  BatchNorm,
  expectModule,
  GroupNorm,
  type Module,
  type ModuleList,
  moduleName,
  type Sequential,
} from '@bn/nn';
import { expectOptions, ValueError } from '@bn/tensor';
import { checkNumGroups, type NumGroups, numGroupsFor } from './num-groups.js';

export interface ReplaceWithGroupNormOptions {
  /** Groups of each GroupNorm: a count, or a function of the channel count; gcd(32, C) by default (Opacus). */
  numGroups?: NumGroups;
}

/**
 * The type of a module once its BatchNorms are GroupNorms: a BatchNorm's is GroupNorm, a container typed by its
 * children (`Sequential<[Conv2d, BatchNorm2d]>`) has theirs replaced so (`Sequential<[Conv2d, GroupNorm]>`), any
 * other module keeps its type (its fields' types cannot be rewritten).
 */
export type WithGroupNorm<M extends Module> = M extends BatchNorm
  ? GroupNorm
  : M extends Sequential<infer C>
    ? number extends C['length']
      ? M
      : Sequential<ChildrenWithGroupNorm<C>>
    : M extends ModuleList<infer C>
      ? number extends C['length']
        ? M
        : ModuleList<ChildrenWithGroupNorm<C>>
      : M;

type ChildrenWithGroupNorm<C extends readonly Module[]> = {
  -readonly [K in keyof C]: C[K] extends Module ? WithGroupNorm<C[K]> : C[K];
};

export interface ReplaceWithGroupNormResult<R extends Module = Module> {
  /**
   * The root: the same module, or the new GroupNorm when the root itself was a BatchNorm, typed with its BatchNorms
   * replaced (`root.at(1)` of a `Sequential<[Conv2d, BatchNorm2d]>` is a GroupNorm).
   */
  root: R;
  /** Paths of the replaced modules, in `namedModules` order ('' for the root). */
  replaced: string[];
}

/** One place a BatchNorm sits: its parent (null for the root) and its name there. */
interface Site {
  parent: Module | null;
  name: string;
  path: string;
  batchNorm: BatchNorm;
}

/**
 * Replaces every BatchNorm1d/2d/3d (any subclass of @bn/nn's `BatchNorm`; Opacus's fixer covers the same classes
 * and SyncBatchNorm) by `GroupNorm(G, C, { eps, affine })` with the BatchNorm's eps and affine setting, its affine
 * weight and bias copied, and its training mode. The GroupNorm takes the BatchNorm's place under the same name in
 * its parent; a BatchNorm shared by several parents becomes one GroupNorm shared by them. Every site is checked
 * before anything is replaced: if G does not divide C anywhere, the error lists each such module and nothing has
 * changed. Unlike Opacus (which builds a fresh GroupNorm, eps 1e-5, weight ones, bias zeros, on a clone of the
 * model) the learned affine parameters and eps carry over, so a pretrained scale and shift are kept.
 */
export function replaceBatchNormWithGroupNorm_<M extends Module>(
  root: M,
  options: ReplaceWithGroupNormOptions = {},
): ReplaceWithGroupNormResult<WithGroupNorm<M>> {
  const fn = 'replaceBatchNormWithGroupNorm_';
  expectModule(fn, 'root', root);
  expectOptions(fn, 'options', options);
  const { numGroups } = options;
  if (numGroups !== undefined) checkNumGroups(fn, numGroups);
  const sites = batchNormSites(root);
  const replacements = buildReplacements(fn, sites, numGroups);
  for (const { parent, name, batchNorm } of sites) {
    if (parent) parent.registerModule(name, replacements.get(batchNorm)!);
  }
  const newRoot = root instanceof BatchNorm ? replacements.get(root)! : root;
  return { root: newRoot as WithGroupNorm<M>, replaced: sites.map((s) => s.path) };
}

/**
 * Every parent-child link to a BatchNorm, in `namedModules` order (pre-order), a shared BatchNorm under each of its
 * parents; the root itself if it is one.
 */
function batchNormSites(root: Module): Site[] {
  if (root instanceof BatchNorm) return [{ parent: null, name: '', path: '', batchNorm: root }];
  const sites: Site[] = [];
  const visited = new Set<Module>();
  const visit = (parent: Module, prefix: string) => {
    visited.add(parent);
    for (const [name, child] of parent.namedChildren()) {
      const path = prefix + name;
      if (child instanceof BatchNorm) sites.push({ parent, name, path, batchNorm: child });
      else if (!visited.has(child)) visit(child, `${path}.`);
    }
  };
  visit(root, '');
  return sites;
}

/** A GroupNorm for each distinct BatchNorm, or one error listing every BatchNorm that cannot have one. */
function buildReplacements(
  fn: string,
  sites: readonly Site[],
  numGroups: NumGroups | undefined,
): Map<BatchNorm, GroupNorm> {
  const built = new Map<BatchNorm, GroupNorm>();
  const problems: string[] = [];
  for (const { path, batchNorm: bn } of sites) {
    if (built.has(bn)) continue;
    const channels = bn.numFeatures;
    const groups = numGroupsFor(numGroups, channels);
    try {
      built.set(bn, groupNormLike(bn, groups));
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      const where = path === '' ? 'the root' : `'${path}'`;
      problems.push(
        `${where} (${moduleName(bn.constructor)}, ${channels} channels, ${groups} groups): ${e.message}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new ValueError(
      `${fn}: no GroupNorm can replace ${problems.length === 1 ? 'this BatchNorm' : 'these BatchNorms'}, so ` +
        `nothing was replaced (pass numGroups, a count or a function of the channel count, that divides C):\n  ` +
        problems.join('\n  '),
    );
  }
  return built;
}

/** GroupNorm(groups, C) with the BatchNorm's eps, affine weight and bias, and training mode. */
function groupNormLike(bn: BatchNorm, groups: number): GroupNorm {
  const gn = new GroupNorm(groups, bn.numFeatures, { eps: bn.eps, affine: bn.affine });
  if (bn.weight && gn.weight) gn.weight.copy_(bn.weight);
  if (bn.bias && gn.bias) gn.bias.copy_(bn.bias);
  return gn.train(bn.training);
}
