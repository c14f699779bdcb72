// The OpenAPI document of the JSON API v1 (GET /api/v1/openapi.json), assembled by the platform
// (platform/http) from the operations every feature registers: it documents exactly the registered
// routes, resolves every reference, and keeps every operation of the committed snapshot
// test/fixtures/openapi.json unchanged apart from key order (new features add theirs). A deliberate change
// of an existing operation updates the snapshot:
//   UPDATE_OPENAPI_FIXTURE=1 node --import tsx --test test/openapi.test.ts
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildTestApp, makeUser, makeToken, type TestApp } from './helpers.ts';
import { openApiPath } from '../src/platform/http/index.ts';

const HAN = /[\u4e00-\u9fff]/;
const FIXTURE = new URL('./fixtures/openapi.json', import.meta.url);

/** Keys sorted at every level (array order kept); the installation's own address and name replaced. */
function normalise(doc: any): unknown {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as any)[k])])) : v;
  const copy = structuredClone(doc);
  copy.servers = copy.servers.map((s: any) => ({ ...s, url: '<BASE_URL>' }));
  copy.info.title = '<SITE_NAME> JSON API';
  return sort(copy);
}

describe('JSON API v1: OpenAPI document', () => {
  let t: TestApp;
  let doc: any;

  before(async () => {
    t = await buildTestApp();
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    doc = JSON.parse(r.body);
  });
  after(() => t.close());

  /** Method + path of every route Fastify actually registered under /api/v1, read from its route tree. */
  function registeredApiRoutes(): string[] {
    const out: string[] = [];
    const stack: string[] = [];
    for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /^((?:[│ ] {3})*)(?:├── |└── )(.*?)(?: \(([^)]*)\))?$/.exec(line);
      if (!m) continue;
      const depth = m[1].length / 4;
      stack.length = depth;
      stack.push(m[2]);
      const path = stack.join('').replace(/\/{2,}/g, '/');
      if (!m[3] || !path.startsWith('/api/v1')) continue;
      for (const method of m[3].split(',').map((s) => s.trim())) if (method !== 'HEAD') out.push(`${method} ${openApiPath(path)}`);
    }
    return out.sort();
  }

  it('is OpenAPI 3.1 with info, servers and a bearer security scheme', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.info.title && doc.info.version);
    assert.match(doc.info.description, HAN);
    assert.equal(doc.servers[0].url, t.config.baseUrl);
    assert.deepEqual(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', description: doc.components.securitySchemes.bearerAuth.description });
  });

  it('documents exactly the routes registered under /api/v1', () => {
    const registered = registeredApiRoutes();
    assert.ok(registered.length >= 10, `route tree parsed: ${registered.join(", ")}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    assert.deepEqual(documented, registered);
    for (const d of documented) {
      const [method, path] = d.split(' ');
      assert.ok(t.app.hasRoute({ method: method as any, url: path.replace(/\{(\w+)\}/g, ':$1') }), d);
    }
  });

  it('describes parameters, bodies, responses and security of every operation, with resolvable references', () => {
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        assert.ok(op.operationId && !ids.has(op.operationId), `${where}: unique operationId`);
        ids.add(op.operationId);
        assert.match(op.summary, HAN, where);
        const declared = op.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name).sort();
        assert.deepEqual(declared, [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), `${where}: path parameters`);
        for (const p of op.parameters) assert.ok(p.schema && typeof p.schema === 'object', `${where}: ${p.name} has a schema`);
        assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${where}: a success response`);
        const staff = JSON.stringify(op.security) === JSON.stringify([{ bearerAuth: [] }]);
        if (staff) {
          for (const s of ['400', '401', '403']) assert.equal(op.responses[s].content['application/json'].schema.$ref, '#/components/schemas/Error', `${where} ${s}`);
        }
        if (method === 'post' || method === 'patch') assert.ok(op.requestBody?.content?.['application/json']?.schema, `${where}: request body`);
      }
    }
    assert.deepEqual(doc.paths['/api/v1/documents/{id}'].get.responses['410'].content['application/json'].schema, { $ref: '#/components/schemas/Withdrawn' });
    const list = doc.paths['/api/v1/documents'].get;
    assert.deepEqual(list.parameters.map((p: any) => p.name), ['unit', 'topic', 'genre', 'year', 'validity', 'page', 'pageSize']);
    assert.equal(list.parameters.find((p: any) => p.name === 'pageSize').schema.maximum, 100);
    assert.deepEqual(list.parameters.find((p: any) => p.name === 'validity').schema.enum, ['有效', '失效', '废止', '已修改']);
    const create = doc.components.schemas.CreateDocument;
    assert.deepEqual(create.required, ['title']);
    assert.equal(create.additionalProperties, false);
    for (const f of ['title', 'docNo', 'unitId', 'topic', 'genre', 'column', 'writtenOn', 'formedOn', 'keywords', 'summary', 'body', 'disclosure']) assert.ok(create.properties[f], f);
    assert.deepEqual(doc.components.schemas.ApproveInput.properties.checks, { $ref: '#/components/schemas/ReviewChecks' });

    // every $ref points at a component; no TypeBox-private keyword leaks
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) assert.ok(doc.components.schemas[m[1]], `$ref ${m[1]} resolves`);
    assert.doesNotMatch(text, /"errorMessage"|"fieldHints"/);
  });
});

describe('JSON API v1: OpenAPI snapshot and guards', () => {
  let t: TestApp;
  let doc: any;

  before(async () => {
    t = await buildTestApp();
    doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  });
  after(() => t.close());

  it('keeps every operation and schema of the committed snapshot unchanged apart from key order (additions allowed)', () => {
    const now = normalise(doc) as any;
    if (process.env.UPDATE_OPENAPI_FIXTURE === '1') fs.writeFileSync(FIXTURE, JSON.stringify(now, null, 2) + '\n');
    const was = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    // A feature added later brings its own paths, schemas and tags; what was published must not change.
    for (const [path, ops] of Object.entries<any>(was.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) assert.deepEqual(now.paths[path]?.[method], op, `${method.toUpperCase()} ${path} changed`);
    }
    for (const kind of Object.keys(was.components)) {
      for (const [name, schema] of Object.entries<any>(was.components[kind])) assert.deepEqual(now.components[kind]?.[name], schema, `components.${kind}.${name} changed`);
    }
    for (const tag of was.tags ?? []) assert.ok((now.tags ?? []).some((x: any) => JSON.stringify(x) === JSON.stringify(tag)), `tag ${tag.name} changed`);
    const { paths: _p, components: _c, tags: _t, ...rest } = was;
    const { paths: _p2, components: _c2, tags: _t2, ...restNow } = now;
    assert.deepEqual(restNow, rest);
  });

  it('refuses every staff operation without a token or with a bad one (401, coded, nothing done)', async () => {
    await makeUser(t, 'oa-ed', 'editor', 'zfb');
    await makeToken(t, 'oa-ed');
    let n = 0;
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        if (JSON.stringify(op.security) !== JSON.stringify([{ bearerAuth: [] }])) continue;
        n++;
        const url = path.replace(/\{(\w+)\}/g, '1');
        for (const authorization of [undefined, 'Bearer gk_not-a-real-token']) {
          const r = await t.app.inject({ method: method.toUpperCase(), url, payload: {}, headers: authorization ? { authorization } : {} });
          assert.equal(r.statusCode, 401, `${method} ${path} ${authorization ?? 'without a token'}`);
          assert.equal(r.json().error.code, 'UNAUTHENTICATED');
          assert.match(r.json().error.message, HAN);
        }
      }
    }
    assert.ok(n >= 9, `staff operations found: ${n}`);
  });
});
