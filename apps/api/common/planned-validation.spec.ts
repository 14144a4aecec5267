// The planned validation pipe (libs/infra/http/validation.pipe.ts) answers every path parameter
// and query exactly as Nest's own ValidationPipe with the same options: the same instance when the
// value passes, the same 400 with the same errors when it does not. It only takes a shorter road.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArgumentMetadata } from '@nestjs/common';
import { Expose, Transform } from 'class-transformer';
import { IsString, ValidateNested, getMetadataStorage } from 'class-validator';
import { createValidationPipe } from '../../../libs/infra/http/validation.pipe';
import { validationPlan } from '../../../libs/infra/http/validation-plan';
import { Problem } from '../../../libs/infra/http/problem';
import { AccountIdParam } from '../accounts/account-id.param';
import { AccountListQueryDto } from '../accounts/account.dto';
import { InvoiceListQueryDto, TrialBalanceQueryDto } from '../finance/finance.dto';

const planned = createValidationPipe();
const reference = createValidationPipe({ planned: false });

class NestedQuery {
  @ValidateNested()
  inner?: object;

  @IsString()
  name!: string;
}

class TrimmedQuery {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  name!: string;
}

class ExposedQuery {
  @Expose({ name: 'n' })
  @IsString()
  name!: string;
}

class AccessorQuery {
  @IsString()
  name!: string;

  get label(): string {
    return this.name;
  }
}

/** What a pipe made of the value: the instance's class and fields, or the problem's status and errors. */
async function outcome(pipe: typeof planned, value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
  try {
    const entity = (await pipe.transform(value, metadata)) as object;
    return { made: entity.constructor.name, fields: Object.entries(entity) };
  } catch (error) {
    assert.ok(error instanceof Problem, String(error));
    return { status: error.status, code: error.code, errors: error.errors };
  }
}

const bare = (fields: Record<string, unknown>): Record<string, unknown> => Object.assign(Object.create(null) as object, fields);
/** As Fastify makes path parameters and query strings: on an empty prototype without a prototype. */
const fastifyLike = (fields: Record<string, unknown>): Record<string, unknown> => Object.assign(Object.create(Object.create(null) as object) as object, fields);

const CASES: ReadonlyArray<readonly [ArgumentMetadata, ReadonlyArray<Record<string, unknown>>]> = [
  [{ type: 'param', metatype: AccountIdParam }, [{ id: 'acme-bakery' }, { id: 'Acme Bakery!' }, { id: '' }, {}, { id: 'acme', other: 'x' }, { id: ['a', 'b'] }, bare({ id: 'acme-bakery' }), fastifyLike({ id: 'acme-bakery' }), fastifyLike({ id: 'a b' })]],
  [
    { type: 'query', metatype: InvoiceListQueryDto },
    [{}, { limit: '5' }, { limit: '0' }, { limit: '101' }, { limit: 'five' }, { limit: '2.5' }, { limit: '' }, { cursor: '' }, { cursor: 'abc', limit: '20' }, { limit: ['1', '2'] }, { page: '2' }, bare({ limit: '3' }), fastifyLike({ limit: '3' }), fastifyLike({})],
  ],
  [{ type: 'query', metatype: AccountListQueryDto }, [{ q: 'bakery', status: 'active', currency: 'GBP' }, { status: 'sleeping' }, { currency: 'gbp' }, { tier: 'starter', limit: '1' }, { q: '' }]],
  [{ type: 'query', metatype: TrialBalanceQueryDto }, [{ currency: 'GBP' }, { currency: 'GBP', asOf: '2026-03-31T23:59:59.999Z' }, { currency: 'GBP', asOf: '31/03/2026' }, {}]],
  [{ type: 'query', metatype: NestedQuery }, [{ name: 'x' }, { name: 'x', inner: 'y' }]],
  [{ type: 'query', metatype: TrimmedQuery }, [{ name: ' x ' }, fastifyLike({ name: ' x ' }), fastifyLike({})]],
  [{ type: 'query', metatype: ExposedQuery }, [{ n: 'x' }, { name: 'x' }, fastifyLike({})]],
  [{ type: 'query', metatype: AccessorQuery }, [fastifyLike({ name: 'x' }), { name: 'x', label: 'y' }]],
];

describe('the planned validation pipe', () => {
  test('answers every path parameter and query as Nest ValidationPipe does, passing or failing', async () => {
    let compared = 0;
    for (const [metadata, values] of CASES) {
      for (const value of values) {
        const expected = await outcome(reference, structuredCopy(value), metadata);
        assert.deepEqual(await outcome(planned, structuredCopy(value), metadata), expected, `${metadata.metatype?.name} ${JSON.stringify(value)}`);
        compared++;
      }
    }
    assert.equal(compared, 42);
  });

  test('plans the field decorators and leaves to class-validator what it cannot judge exactly', () => {
    for (const metatype of [AccountIdParam, InvoiceListQueryDto, AccountListQueryDto, TrialBalanceQueryDto]) assert.ok(validationPlan(metatype), metatype.name);
    assert.deepEqual([...(validationPlan(InvoiceListQueryDto)?.properties ?? [])].sort(), ['cursor', 'limit']);
    assert.equal(validationPlan(NestedQuery), null, 'nested validation is not planned');
    assert.equal(validationPlan(class Undecorated {}), null, 'a class without rules is not planned');
  });

  test('a valid path parameter or query as Fastify parses it takes the plan, without class-validator looking up its rules', async () => {
    const storage = getMetadataStorage();
    const lookup = storage.getTargetValidationMetadatas.bind(storage);
    let lookups = 0;
    storage.getTargetValidationMetadatas = (...args) => {
      lookups++;
      return lookup(...args);
    };
    try {
      await planned.transform(fastifyLike({ id: 'acme-bakery' }), { type: 'param', metatype: AccountIdParam });
      await planned.transform(fastifyLike({ limit: '3', cursor: 'abc' }), { type: 'query', metatype: InvoiceListQueryDto });
      assert.equal(lookups, 0);
      await planned.transform(fastifyLike({ id: 'acme-bakery' }), { type: 'param', metatype: AccountIdParam }).catch(() => undefined);
      await reference.transform(fastifyLike({ id: 'acme-bakery' }), { type: 'param', metatype: AccountIdParam });
      assert.ok(lookups > 0, 'the spy sees the reference pipe look its rules up');
    } finally {
      storage.getTargetValidationMetadatas = lookup;
    }
  });

  test('a class class-transformer would only copy fields onto is built without it; a transformation that could act leaves it to class-transformer', () => {
    const plan = validationPlan(AccountIdParam);
    assert.ok(plan, 'AccountIdParam has no class-transformer decorator');
    const entity = plan.instantiate(fastifyLike({ id: 'acme-bakery' }));
    assert.ok(entity instanceof AccountIdParam);
    assert.deepEqual(Object.entries(entity ?? {}), [['id', 'acme-bakery']]);
    const invoices = validationPlan(InvoiceListQueryDto);
    assert.equal(invoices?.instantiate(fastifyLike({ limit: '3' })), undefined, 'limit is turned into a number by @Type');
    assert.ok(invoices?.instantiate(fastifyLike({})) instanceof InvoiceListQueryDto, 'an empty query has nothing for @Type to turn');
    assert.equal(validationPlan(TrimmedQuery)?.instantiate(fastifyLike({ name: ' x ' })), undefined, '@Transform');
    assert.ok(validationPlan(TrimmedQuery)?.instantiate(fastifyLike({})) instanceof TrimmedQuery, 'no field for @Transform to act on');
    assert.equal(validationPlan(ExposedQuery)?.instantiate(fastifyLike({})), undefined, '@Expose may add a field to any value');
  });

  test('a plan passes what the rules accept and fails what they refuse', () => {
    const plan = validationPlan(AccountIdParam);
    assert.ok(plan);
    assert.equal(plan.passes(Object.assign(new AccountIdParam(), { id: 'acme-bakery' })), true);
    assert.equal(plan.passes(Object.assign(new AccountIdParam(), { id: 'no spaces allowed' })), false);
    assert.equal(plan.passes(new AccountIdParam()), false, 'a required field left out');
  });
});

/** A copy on the same prototype, as the pipes may change the value they are given. */
function structuredCopy(value: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const [key, field] of Object.entries(value)) copy[key] = Array.isArray(field) ? [...field] : field;
  return copy;
}
