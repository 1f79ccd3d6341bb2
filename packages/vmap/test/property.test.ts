// Runs the vmap-equals-a-loop property for every primitive with a property case, and checks that every primitive
// of @bn/tensor has a batching rule and is covered here or by a dedicated test.
import { readdirSync } from 'node:fs';
import { listPrimitives } from '@bn/tensor';
import type fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchRuleOf } from '../src/index.js';
import { cases as conv } from './cases/conv.js';
import { cases as creation } from './cases/creation.js';
import { cases as elementwise } from './cases/elementwise.js';
import { cases as indexing } from './cases/indexing.js';
import { cases as inplace } from './cases/inplace.js';
import { cases as linalg } from './cases/linalg.js';
import { cases as loss } from './cases/loss.js';
import { cases as norm } from './cases/norm.js';
import { cases as pad } from './cases/pad.js';
import { cases as pool } from './cases/pool.js';
import { cases as reduce } from './cases/reduce.js';
import { cases as softmax } from './cases/softmax.js';
import { cases as views } from './cases/views.js';
import { checkBatchRule, type MemberCase } from './property.js';

const families: Record<string, Record<string, fc.Arbitrary<MemberCase>>> = {
  conv,
  creation,
  elementwise,
  indexing,
  inplace,
  linalg,
  loss,
  norm,
  pad,
  pool,
  reduce,
  softmax,
  views,
};

/** Primitives whose results are not a function of each member alone: their property is in special-property.test.ts. */
const SPECIAL = ['randn', 'rand', 'randint', 'randperm', 'dropout', 'psum', 'pmean'];

describe('vmap equals a loop over the members', () => {
  for (const [family, table] of Object.entries(families)) {
    describe(family, () => {
      for (const [name, arb] of Object.entries(table)) {
        it(name, () => checkBatchRule(name, arb));
      }
    });
  }
});

describe('coverage', () => {
  const prims = listPrimitives();
  it('every primitive has a batching rule', () => {
    expect(prims.filter((p) => !batchRuleOf(p)).map((p) => p.name)).toEqual([]);
  });
  it('every primitive has a property case or a dedicated test', () => {
    const covered = new Set([...Object.values(families).flatMap((t) => Object.keys(t)), ...SPECIAL]);
    expect(prims.filter((p) => !covered.has(p.name)).map((p) => p.name)).toEqual([]);
  });
  it('rule files and property cases are named after the families of @bn/tensor', () => {
    const familyNames = new Set(prims.map((p) => p.family));
    for (const dir of ['../src/rules/', './cases/']) {
      const stems = readdirSync(new URL(dir, import.meta.url))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => f.replace(/(\.test)?\.ts$/, ''));
      for (const stem of stems)
        expect(familyNames.has(stem) || stem === 'index', `${dir}${stem}.ts`).toBe(true);
    }
  });
  it('property cases are filed under the family of their primitive', () => {
    for (const [family, table] of Object.entries(families)) {
      for (const name of Object.keys(table)) {
        expect(prims.find((p) => p.name === name)?.family, name).toBe(family);
      }
    }
  });
});
