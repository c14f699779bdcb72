// PageCache: what it keeps (issue 15: own memory — expired copies are dropped, the budget holds).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PageCache } from './public-cache.ts';

const page = (body: string) => ({ status: 200, type: 'text/html; charset=utf-8', body });

describe('PageCache', () => {
  it('drops entries past their time when it stores another, oldest first, and keeps those still valid', () => {
    const c = new PageCache(1_000_000, 1000);
    for (let i = 0; i < 50; i++) c.set(`/d/${i}`, 'v1', page('x'.repeat(1000)), null, i * 10); // expire at 1000 … 1490
    const full = c.size;
    assert.ok(full > 50 * 1000);
    c.set('/late', 'v1', page('y'), null, 1255); // /d/0 … /d/25 expired (expires ≤ 1255)
    for (let i = 0; i < 50; i++) assert.equal(c.get(`/d/${i}`, 'v1', 1255) !== undefined, i > 25, `/d/${i}`);
    assert.ok(c.size < full * 0.6, `${c.size} of ${full}`);
    assert.equal(c.get('/late', 'v1', 1256)?.body.toString(), 'y');
  });

  it('keeps within its budget, dropping the least recently used, and forgets nothing still valid needlessly', () => {
    const c = new PageCache(40_000, 60_000);
    for (let i = 0; i < 100; i++) c.set(`/d/${i}`, 'v1', page('z'.repeat(1000)), null, 0);
    assert.ok(c.size <= 40_000);
    assert.ok(c.get('/d/99', 'v1', 1), 'the newest is kept');
    assert.equal(c.get('/d/0', 'v1', 1), undefined, 'the oldest went first');
    const held = [...Array(100).keys()].filter((i) => c.get(`/d/${i}`, 'v1', 2)).length;
    assert.ok(held >= 25, `${held} pages held`);
  });
});
