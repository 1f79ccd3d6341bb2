// Pytrees (torch.utils._pytree, JAX's tree_util), shared by every transform: arrays and plain objects are nodes,
// anything else is a leaf. A tree prefix (vmap's `inDims`, a transform's per-argument option) covers a whole subtree
// with one of its leaves.

export type TreeSpec =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'array'; readonly children: readonly TreeSpec[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly children: readonly TreeSpec[] };

const LEAF: TreeSpec = { kind: 'leaf' };

/** Whether `x` is a plain object (a literal, `Object.fromEntries`, `Object.create(null)`): a tree node. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The leaves of `tree` in order (arrays by index, objects by key order) and its structure. */
export function treeFlatten(tree: unknown): { leaves: unknown[]; spec: TreeSpec } {
  const leaves: unknown[] = [];
  const walk = (node: unknown): TreeSpec => {
    if (Array.isArray(node)) return { kind: 'array', children: node.map(walk) };
    if (isPlainObject(node)) {
      const keys = Object.keys(node);
      return { kind: 'object', keys, children: keys.map((k) => walk(node[k])) };
    }
    leaves.push(node);
    return LEAF;
  };
  return { leaves, spec: walk(tree) };
}

/** Rebuilds a tree of structure `spec` from its leaves. */
export function treeUnflatten(leaves: readonly unknown[], spec: TreeSpec): unknown {
  let i = 0;
  const build = (s: TreeSpec): unknown => {
    if (s.kind === 'leaf') return leaves[i++];
    if (s.kind === 'array') return s.children.map(build);
    return Object.fromEntries(s.keys.map((k, j) => [k, build(s.children[j]!)]));
  };
  return build(spec);
}

/** The number of leaves under `spec`. */
export function leafCount(spec: TreeSpec): number {
  return spec.kind === 'leaf' ? 1 : spec.children.reduce((n, c) => n + leafCount(c), 0);
}

/**
 * `prefix` broadcast to the leaves of `spec` (torch's `_broadcast_to_and_flatten`): a leaf of `prefix` is repeated
 * over its subtree. Null when `prefix` is not a prefix of `spec`.
 */
export function broadcastPrefix(prefix: unknown, spec: TreeSpec): unknown[] | null {
  const out: unknown[] = [];
  const walk = (p: unknown, s: TreeSpec): boolean => {
    if (!Array.isArray(p) && !isPlainObject(p)) {
      for (let n = leafCount(s); n > 0; n--) out.push(p);
      return true;
    }
    if (Array.isArray(p)) {
      return (
        s.kind === 'array' && p.length === s.children.length && p.every((c, i) => walk(c, s.children[i]!))
      );
    }
    const keys = Object.keys(p);
    return (
      s.kind === 'object' &&
      keys.length === s.keys.length &&
      s.keys.every((k, i) => k in p && walk(p[k], s.children[i]!))
    );
  };
  return walk(prefix, spec) ? out : null;
}

/** A structure in a readable form for messages: `[*, {a: *, b: *}]`. */
export function formatSpec(spec: TreeSpec): string {
  if (spec.kind === 'leaf') return '*';
  if (spec.kind === 'array') return `[${spec.children.map(formatSpec).join(', ')}]`;
  return `{${spec.keys.map((k, i) => `${k}: ${formatSpec(spec.children[i]!)}`).join(', ')}}`;
}
