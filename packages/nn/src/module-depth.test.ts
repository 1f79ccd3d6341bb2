// The tree walks at any depth: on a chain of 10,000 nested Sequentials (each walk used to recurse once per level and
// overflowed the stack) they list the right modules, keys, modes and visit order; a module inside itself is refused
// by the walks that follow every path.
import { RuntimeError, tensor } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { Sequential } from './containers.js';
import { BatchNorm1d } from './layers/batchnorm.js';
import { Identity } from './layers/identity.js';
import type { Module } from './module.js';

const DEPTH = 10_000;
const LEAF_PATH = Array.from({ length: DEPTH }, () => '0').join('.');

/** DEPTH Sequentials, each holding the next, around one BatchNorm1d (2 parameters, 3 buffers). */
function chain(): { root: Sequential; leaf: BatchNorm1d } {
  const leaf = new BatchNorm1d(2);
  let root: Module = leaf;
  for (let i = 0; i < DEPTH; i++) root = new Sequential(root);
  return { root: root as Sequential, leaf };
}

describe(`a chain of ${DEPTH} nested modules`, () => {
  const { root, leaf } = chain();

  it('lists every module pre-order with its path', () => {
    const modules = root.namedModules();
    expect(modules).toHaveLength(DEPTH + 1);
    // paths and identities (a deep equality would itself recurse through the chain)
    expect(modules.map(([path]) => path.length)).toEqual(modules.map((_, i) => Math.max(0, 2 * i - 1)));
    expect(modules[0]![1]).toBe(root);
    expect(modules[DEPTH]![0]).toBe(LEAF_PATH);
    expect(modules[DEPTH]![1]).toBe(leaf);
    expect(root.modules().at(-1)).toBe(leaf);
  });

  it('lists the parameters, buffers and state-dict keys under their full paths', () => {
    expect(root.namedParameters().map(([k]) => k)).toEqual([`${LEAF_PATH}.weight`, `${LEAF_PATH}.bias`]);
    expect(root.namedBuffers().map(([k]) => k)).toEqual([
      `${LEAF_PATH}.running_mean`,
      `${LEAF_PATH}.running_var`,
      `${LEAF_PATH}.num_batches_tracked`,
    ]);
    expect(Object.keys(root.stateDict())).toEqual([
      `${LEAF_PATH}.weight`,
      `${LEAF_PATH}.bias`,
      `${LEAF_PATH}.running_mean`,
      `${LEAF_PATH}.running_var`,
      `${LEAF_PATH}.num_batches_tracked`,
    ]);
  });

  it('loads a state dict', () => {
    const sd = { ...root.stateDict(), [`${LEAF_PATH}.bias`]: tensor([3, 4]) };
    expect(root.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(leaf.bias!.toArray()).toEqual([3, 4]);
  });

  it('sets every mode and applies a function children first', () => {
    root.eval();
    expect(root.modules().filter((m) => m.training)).toHaveLength(0);
    root.train();
    expect(root.modules().filter((m) => !m.training)).toHaveLength(0);
    const visited: Module[] = [];
    root.apply((m) => visited.push(m));
    expect(visited).toHaveLength(DEPTH + 1);
    expect(visited[0]).toBe(leaf);
    expect(visited.at(-1)).toBe(root);
  });

  it('prints the tree, each level indented two more spaces', () => {
    const lines = root.toString().split('\n');
    expect(lines).toHaveLength(2 * DEPTH + 1);
    expect(lines[0]).toBe('Sequential(');
    expect(lines[1]).toBe('  (0): Sequential(');
    expect(lines[DEPTH]).toBe(
      `${' '.repeat(2 * DEPTH)}(0): BatchNorm1d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)`,
    );
    expect(lines[DEPTH + 1]).toBe(`${' '.repeat(2 * (DEPTH - 1))})`);
    expect(lines.at(-1)).toBe(')');
  });
});

describe('a module inside itself', () => {
  const cyclic = () => {
    const [outer, inner] = [new Sequential(new Identity()), new Sequential()];
    outer.append(inner);
    inner.append(outer);
    return outer;
  };

  it('is listed once by the walks that list each module once', () => {
    const outer = cyclic();
    expect(outer.namedModules().map(([p]) => p)).toEqual(['', '0', '1']);
    expect(
      outer
        .eval()
        .modules()
        .every((m) => !m.training),
    ).toBe(true);
  });

  it('is refused by the walks that follow every path', () => {
    const message = "Sequential at '' contains itself at '1.0': a module cannot be its own descendant";
    expect(() => cyclic().stateDict()).toThrow(new RuntimeError(message));
    expect(() => cyclic().apply(() => {})).toThrow(new RuntimeError(message));
    expect(() => cyclic().toString()).toThrow(new RuntimeError(message));
  });
});
