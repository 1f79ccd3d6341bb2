// Pytrees: flatten and unflatten round trips, what counts as a node, prefixes broadcast over subtrees, and the
// readable form messages quote.
import { describe, expect, it } from 'vitest';
import { tensor } from './ops/creation.js';
import { broadcastPrefix, formatSpec, leafCount, treeFlatten, treeUnflatten } from './tree.js';

describe('pytrees', () => {
  it('flatten arrays by index and plain objects by key order, and unflatten back', () => {
    const x = tensor([1]);
    const tree = [x, { b: 2, a: [3, null] }, 'leaf'];
    const { leaves, spec } = treeFlatten(tree);
    expect(leaves).toEqual([x, 2, 3, null, 'leaf']);
    expect(leaves[0]).toBe(x);
    expect(leafCount(spec)).toBe(5);
    expect(treeUnflatten(leaves, spec)).toEqual(tree);
    expect(formatSpec(spec)).toBe('[*, {b: *, a: [*, *]}, *]');
  });

  it('treat class instances (tensors, Maps) as leaves', () => {
    const m = new Map([[1, 2]]);
    expect(treeFlatten([m, tensor([2])]).leaves).toHaveLength(2);
    expect(treeFlatten(Object.create(null)).spec).toEqual({ kind: 'object', keys: [], children: [] });
  });

  it('broadcast a prefix over the subtrees it covers, or answer null when it is no prefix', () => {
    const { spec } = treeFlatten([1, { a: 2, b: [3, 4] }]);
    expect(broadcastPrefix(0, spec)).toEqual([0, 0, 0, 0]);
    expect(broadcastPrefix([null, { a: 1, b: 0 }], spec)).toEqual([null, 1, 0, 0]);
    expect(broadcastPrefix([null, { a: 1 }], spec)).toBeNull();
    expect(broadcastPrefix([0, 1, 2], spec)).toBeNull();
  });
});
