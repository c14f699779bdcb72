// The list-operation helpers (paging.ts): the page asked for with its defaults, the answer shape, and a
// querystring declared with listQuery refusing bad paging and unknown fields in Chinese (400, never 500),
// exercised through a real API scope with one list operation over 45 numbers.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { installErrorHandler } from '../errors.ts';
import { apiRoute, apiScope, defineOperations, DEFAULT_PAGE_SIZE, Enum, listQuery, pageOf, paged, pageParams, PUBLIC_TAG } from './index.ts';

const NUMBERS = Array.from({ length: 45 }, (_, i) => i + 1);

const OPERATIONS = defineOperations({
  listNumbers: {
    method: 'GET',
    url: '/numbers',
    summary: '数字',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({ parity: Type.Optional(Enum(['odd', 'even'] as const, { description: '只列奇数或偶数' })) }),
    success: { status: 200, description: '一页数字', schema: pageOf(Type.Object({ n: Type.Integer() }), '符合条件的总数') },
    errors: [400],
  },
});

describe('platform/http paging: list operations', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify();
    app.decorate('config', { baseUrl: 'http://localhost', siteName: '测试' } as never);
    installErrorHandler(app, (_req, err) => err.message);
    const module = {
      name: 'numbers',
      api: async (api: FastifyInstance) =>
        apiRoute(api, OPERATIONS.listNumbers, async (req) => {
          const q = req.query as { parity?: 'odd' | 'even'; page?: number; pageSize?: number };
          const all = q.parity ? NUMBERS.filter((n) => n % 2 === (q.parity === 'odd' ? 1 : 0)) : NUMBERS;
          return paged(q, async (p) => ({ items: all.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), total: all.length }), (n) => ({ n }));
        }),
    };
    await app.register(apiScope, { prefix: '/api/v1', modules: [module] });
    await app.ready();
  });
  after(() => app.close());

  it('pageParams: page 1 and the default page size unless asked', () => {
    assert.deepEqual(pageParams({}), { page: 1, pageSize: DEFAULT_PAGE_SIZE });
    assert.deepEqual(pageParams({ page: 3, pageSize: 5 }), { page: 3, pageSize: 5 });
  });

  it('paged: the items (mapped when asked), the total and the page asked for', async () => {
    const asked: unknown[] = [];
    const r = await paged({ page: 2 }, async (p) => (asked.push(p), { items: [1, 2], total: 42 }));
    assert.deepEqual(asked, [{ page: 2, pageSize: DEFAULT_PAGE_SIZE }]);
    assert.deepEqual(r, { items: [1, 2], total: 42, page: 2, pageSize: DEFAULT_PAGE_SIZE });
    assert.deepEqual(await paged({ pageSize: 1 }, async () => ({ items: [7], total: 1 }), (n) => String(n)), { items: ['7'], total: 1, page: 1, pageSize: 1 });
  });

  it('answers the first page by default, and the page asked for with its filter', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/v1/numbers' });
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), { items: NUMBERS.slice(0, DEFAULT_PAGE_SIZE).map((n) => ({ n })), total: 45, page: 1, pageSize: DEFAULT_PAGE_SIZE });
    const odd = await app.inject({ method: 'GET', url: '/api/v1/numbers?parity=odd&page=3&pageSize=10' });
    assert.equal(odd.statusCode, 200);
    assert.deepEqual(odd.json(), { items: [{ n: 41 }, { n: 43 }, { n: 45 }], total: 23, page: 3, pageSize: 10 });
  });

  it('refuses a bad page, a page size over the limit and an unknown field with Chinese field errors', async () => {
    for (const [query, field, message] of [
      ['page=0', 'page', /页码应为不小于 1 的整数/],
      ['pageSize=101', 'pageSize', /每页条数应为 1 至 100 之间的整数/],
      ['pageSize=abc', 'pageSize', /每页条数/],
      ['sort=n', 'sort', /[\u4e00-\u9fff]/],
    ] as const) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/numbers?${query}` });
      assert.equal(r.statusCode, 400, query);
      const body = r.json();
      assert.equal(body.error.code, 'VALIDATION', query);
      assert.match(body.error.fields[field], message, query);
    }
  });

  it('declares the list in the OpenAPI document as filters plus page/pageSize and { items, total, page, pageSize }', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const op = doc.paths['/api/v1/numbers'].get;
    assert.deepEqual(op.parameters.map((p: { name: string }) => p.name), ['parity', 'page', 'pageSize']);
    const schema = op.responses['200'].content['application/json'].schema;
    assert.deepEqual(Object.keys(schema.properties), ['items', 'total', 'page', 'pageSize']);
    assert.equal(schema.properties.total.description, '符合条件的总数');
  });
});
