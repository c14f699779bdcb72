// The crawler over a fake site (pure: no database, no app): broken links and attachments, redirects and
// their loops, external links left alone, bounds and the per-target cap.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crawl, type Fetched } from './crawler.ts';

function site(pages: Record<string, Fetched | string>) {
  const calls: string[] = [];
  return {
    calls,
    fetch: async (url: string, method: 'GET' | 'HEAD'): Promise<Fetched> => {
      calls.push(`${method} ${url}`);
      const p = pages[url];
      if (p === undefined) return { status: 404, contentType: 'text/html', html: method === 'GET' ? '<p>页面不存在</p>' : undefined };
      if (typeof p === 'string') return { status: 200, contentType: 'text/html; charset=utf-8', html: method === 'GET' ? p : undefined };
      return p;
    },
  };
}

describe('crawler', () => {
  it('finds a broken page link and a missing attachment, follows redirects, ignores other sites', async () => {
    const s = site({
      '/': '<a href="/a">甲</a><a href="/old">旧地址</a><a href="https://www.gov.cn/">国务院</a><a href="/gone">已删除</a><a href="/search?q=x">相关检索</a>',
      '/a': '<a href="/">首页</a><a href="/a/files/1">附件</a><a href="/a/files/2">坏附件</a>',
      '/old': { status: 301, contentType: '', location: '/a' },
      '/a/files/1': { status: 200, contentType: 'application/pdf' },
      '/loop1': { status: 302, contentType: '', location: '/loop2' },
      '/loop2': { status: 302, contentType: '', location: '/loop1' },
    });
    const out = await crawl(s.fetch, { seeds: ['/', '/loop1'] });
    assert.deepEqual(
      out.findings.map((f) => [f.page, f.link, f.kind, f.status]),
      [
        ['（起始页）', '/loop1', 'page', 508],
        ['/', '/gone', 'page', 404],
        ['/a', '/a/files/2', 'attachment', 404],
      ],
    );
    assert.equal(out.pages, 2);
    assert.ok(s.calls.includes('HEAD /a/files/1'), 'attachments are checked with HEAD');
    assert.ok(!s.calls.some((c) => c.includes('gov.cn')), 'other sites are not fetched');
    assert.ok(!s.calls.some((c) => c.includes('/search?')), 'searches are not run (they would count in the search statistics)');
    assert.equal(s.calls.filter((c) => c === 'GET /a').length, 1, 'each target once');
  });

  it('bounded: pages, and a broken footer link kept for at most perTarget pages', async () => {
    const pages: Record<string, string> = {};
    for (let i = 0; i < 50; i++) pages[`/p${i}`] = `<a href="/p${i + 1}">下一页</a><a href="/broken">页脚</a>`;
    const s = site(pages);
    const out = await crawl(s.fetch, { seeds: ['/p0'], maxPages: 10, perTarget: 3 });
    assert.equal(out.pages, 10);
    assert.equal(out.truncated, true);
    assert.equal(out.findings.length, 3);
    assert.equal(out.brokenTargets, 1);
  });

  it('a fetch that throws is "no answer" (status 0), not a crash', async () => {
    const out = await crawl(async (url) => {
      if (url === '/x') throw new Error('boom');
      return { status: 200, contentType: 'text/html', html: '<a href="/x">x</a>' };
    }, { seeds: ['/'] });
    assert.deepEqual(out.findings.map((f) => [f.link, f.status]), [['/x', 0]]);
  });
});
