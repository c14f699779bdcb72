// /favicon.ico and /robots.txt: real files with the right types and cache headers; robots.txt keeps
// crawlers on the public portal (not the console, login, API or an applicant's tracking pages) and
// names the sitemap with its absolute address.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

/** The rules of the `User-agent: *` group of a robots.txt. */
function rulesForAll(text: string): { allow: string[]; disallow: string[]; sitemaps: string[] } {
  const out = { allow: [] as string[], disallow: [] as string[], sitemaps: [] as string[] };
  let inAll = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, k, v] = m;
    const key = k.toLowerCase();
    if (key === 'user-agent') inAll = v === '*';
    else if (key === 'sitemap') out.sitemaps.push(v);
    else if (inAll && key === 'allow') out.allow.push(v);
    else if (inAll && key === 'disallow') out.disallow.push(v);
  }
  return out;
}

/** Longest-match robots.txt semantics (RFC 9309) for paths without wildcards. */
function allowed(rules: { allow: string[]; disallow: string[] }, p: string): boolean {
  const best = (list: string[]) => Math.max(-1, ...list.filter((r) => r && p.startsWith(r)).map((r) => r.length));
  const a = best(rules.allow);
  const d = best(rules.disallow);
  return d < 0 || a >= d;
}

describe('site files', () => {
  it('/favicon.ico is a real icon, cached long, with 304 on revalidation', async () => {
    const res = await t.app.inject('/favicon.ico');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/x-icon');
    const body = res.rawPayload;
    assert.ok(body.length > 200 && body.length < 20_000, `${body.length} bytes`);
    // ICONDIR: reserved 0, type 1 (icon), at least one image; each entry's data lies inside the file.
    assert.equal(body.readUInt16LE(0), 0);
    assert.equal(body.readUInt16LE(2), 1);
    const count = body.readUInt16LE(4);
    assert.ok(count >= 1);
    for (let i = 0; i < count; i++) {
      const e = 6 + i * 16;
      const size = body.readUInt32LE(e + 8);
      const offset = body.readUInt32LE(e + 12);
      assert.ok(offset + size <= body.length, `image ${i} inside the file`);
    }
    const cc = String(res.headers['cache-control']);
    const maxAge = Number(/max-age=(\d+)/.exec(cc)?.[1]);
    assert.match(cc, /public/);
    assert.ok(maxAge >= 7 * 86400, cc);
    assert.ok(res.headers.etag);
    const again = await t.app.inject({ url: '/favicon.ico', headers: { 'if-none-match': String(res.headers.etag) } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const head = await t.app.inject({ method: 'HEAD', url: '/favicon.ico' });
    assert.equal(head.statusCode, 200);
  });

  it('/robots.txt allows the portal, keeps crawlers out of the console, login, API and tracking pages, names the sitemap', async () => {
    const res = await t.app.inject('/robots.txt');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.match(String(res.headers['cache-control']), /public, max-age=\d+/);
    const rules = rulesForAll(res.body);
    for (const p of ['/', '/xxgk', '/xxgk/documents/12', '/xxgk/guide', '/xxgk/catalog/zfb', '/ysqgk', '/feeds/all.xml', '/sitemap.xml', '/static/site.css']) {
      assert.ok(allowed(rules, p), `${p} allowed`);
    }
    for (const p of ['/admin', '/admin/documents/1', '/login', '/login?next=/admin', '/api/v1/documents', '/ysqgk/track', '/ysqgk/track/YSQ2026-0001', '/ysqgk/receipt/abc']) {
      assert.ok(!allowed(rules, p), `${p} disallowed`);
    }
    assert.deepEqual(rules.sitemaps, [`${t.config.baseUrl}/sitemap.xml`]);
    assert.equal((await t.app.inject(new URL(rules.sitemaps[0]).pathname)).statusCode, 200, 'the sitemap it names exists');
  });
});
