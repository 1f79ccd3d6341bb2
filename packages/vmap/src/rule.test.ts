// The rule tables' types: which primitives need a rule of their own (kind `none`) and what params a rule gets are
// read off @bn/tensor's registry, so these hold at compile time (`pnpm typecheck`) as well as at run time.
import { type Conv2dParams, type KindOf, listPrimitives, type ParamsOf } from '@bn/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BatchRule, FamilyRules, OwnRuleName } from './rule.js';
import { batchRules, kindRules } from './rules/index.js';

describe('rule table types', () => {
  it('ask a rule of exactly the primitives of kind none', () => {
    expectTypeOf<KindOf<'add'>>().toEqualTypeOf<'broadcast'>();
    expectTypeOf<KindOf<'sum'>>().toEqualTypeOf<'reduction'>();
    expectTypeOf<KindOf<'conv2d'>>().toEqualTypeOf<'none'>();
    expectTypeOf<'conv2d'>().toExtend<OwnRuleName>();
    expectTypeOf<'add'>().not.toExtend<OwnRuleName>();
    expectTypeOf<keyof FamilyRules<'reduce'>>().toEqualTypeOf<'argmax' | 'argmin'>();
    expectTypeOf<FamilyRules<'conv'>['conv2d']>().toEqualTypeOf<BatchRule<Conv2dParams>>();
    expectTypeOf<ParamsOf<'slice'>>().toHaveProperty('step');
    const own = listPrimitives().filter((p) => p.kind === 'none');
    expect(Object.keys(batchRules).sort()).toEqual(own.map((p) => p.name).sort());
    const kinds = new Set(listPrimitives().map((p) => p.kind));
    kinds.delete('none');
    expect(Object.keys(kindRules).sort()).toEqual([...kinds].sort());
  });
});
