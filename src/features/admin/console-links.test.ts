// No link leads a role to a 403 (issue 12): for every role, crawl the console from its home page,
// following every link to /admin… and /api/… it is shown (bounded per role), and check that none
// of them is refused. A role is only shown what it may open.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, Browser, type TestApp } from '../../../test/helpers.ts';
import { ROLES, type Role } from '../../platform/access/roles.ts';
import { consoleMenu, adminNav } from '../../platform/views/layout.tsx';

let t: TestApp;

/** Pages fetched per role at most; of one shape (digits → N, query keys) at most a few. */
const MAX_PAGES = 200;
const PER_SHAPE = 4;

before(async () => {
  t = await buildTestApp({ demo: true });
  for (const role of ROLES) await makeUser(t, `crawl-${role}`, role, 'zfb');
});
after(() => t.close());

const decode = (href: string) => href.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** Links on an HTML page that a GET would follow inside the console or the API. */
export function consoleLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
    const href = decode(m[1]!).replace(/#.*$/, '');
    if (/^\/(admin|api)(\/|\?|$)/.test(href)) out.push(href);
  }
  return out;
}

function shape(url: string): string {
  const u = new URL(url, 'http://x');
  return `${u.pathname.replace(/\d+/g, 'N')}?${[...u.searchParams.keys()].sort().join('&')}`;
}

interface Crawl {
  fetched: number;
  refused: { url: string; from: string }[];
  failed: { url: string; from: string; status: number }[];
}

async function crawl(b: Browser): Promise<Crawl> {
  // The home page, and an error page of the console (its menu is the role's too).
  const seen = new Set<string>(['/admin', '/admin/no-such-page']);
  const shapes = new Map<string, number>();
  const queue: { url: string; from: string }[] = [
    { url: '/admin', from: '(start)' },
    { url: '/admin/no-such-page', from: '(start)' },
  ];
  const result: Crawl = { fetched: 0, refused: [], failed: [] };
  while (queue.length && result.fetched < MAX_PAGES) {
    const { url, from } = queue.shift()!;
    const res = await b.get(url);
    result.fetched++;
    if (res.statusCode === 403) result.refused.push({ url, from });
    else if (res.statusCode >= 500) result.failed.push({ url, from, status: res.statusCode });
    if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
    for (const link of consoleLinks(res.body)) {
      if (seen.has(link)) continue;
      seen.add(link);
      const s = shape(link);
      const n = shapes.get(s) ?? 0;
      if (n >= PER_SHAPE) continue;
      shapes.set(s, n + 1);
      queue.push({ url: link, from: url });
    }
  }
  return result;
}

describe('console links by role', () => {
  it('finds links in a page (the crawler itself)', () => {
    assert.deepEqual(consoleLinks('<a href="/admin/x?a=1&amp;b=2#top">x</a><a class="b" href="/">y</a><a href="/api/v1/requests/1">z</a><a href="/administer">no</a>'), ['/admin/x?a=1&b=2', '/api/v1/requests/1']);
  });

  for (const role of ROLES as readonly Role[]) {
    it(`${role}: no link shown in the console leads to a 403`, async () => {
      const b = new Browser(t.app);
      assert.equal((await b.login(`crawl-${role}`)).statusCode, 303);
      const r = await crawl(b);
      assert.ok(r.fetched > 1, `crawled only ${r.fetched} page(s)`);
      assert.deepEqual(r.failed, [], 'no link leads to a server error');
      assert.deepEqual(r.refused, [], `${r.refused.length} link(s) lead ${role} to 403: ${r.refused.map((x) => `${x.url} (on ${x.from})`).join(', ')}`);
    });
  }

  // No stale links: every entry of a role's menu (assembled from the features' manifests) and the header's
  // 我的账号 open for that role — not 403 (menu shows what the route refuses), not 404 (an entry whose
  // page moved or is gone), not a redirect elsewhere.
  for (const role of ROLES as readonly Role[]) {
    it(`${role}: every entry of its menu answers 200`, async () => {
      const b = new Browser(t.app);
      assert.equal((await b.login(`crawl-${role}`)).statusCode, 303);
      const home = await b.get('/admin');
      assert.equal(home.statusCode, 200);
      const nav = /<nav\b[^>]*>([\s\S]*?)<\/nav>/.exec(home.body)?.[1] ?? '';
      const shown = consoleLinks(nav);
      assert.deepEqual(shown, adminNav(role).map(([href]) => href), 'the page shows the role’s menu');
      assert.ok(shown.length >= 2, `${role} has a menu`);
      const bad: string[] = [];
      for (const href of [...shown, '/admin/account']) {
        const res = await b.get(href);
        if (res.statusCode !== 200) bad.push(`${href} → ${res.statusCode}`);
      }
      assert.deepEqual(bad, [], `stale menu entries for ${role}`);
    });
  }

  // The other way round: what the menu hides, the page refuses (menu and route checks agree).
  for (const role of ROLES as readonly Role[]) {
    it(`${role}: every console page left out of the menu answers 403`, async () => {
      const b = new Browser(t.app);
      assert.equal((await b.login(`crawl-${role}`)).statusCode, 303);
      const shown = new Set(adminNav(role).map(([href]) => href));
      for (const [href] of consoleMenu()) {
        const res = await b.get(href);
        assert.equal(res.statusCode, shown.has(href) ? 200 : 403, `${href} for ${role}`);
      }
    });
  }

  it('the platform admin finds 邮件发送记录 in the menu; no other role is shown it', async () => {
    const b = new Browser(t.app);
    assert.equal((await b.login('crawl-admin')).statusCode, 303);
    const home = await b.get('/admin');
    assert.match(home.body, /<a href="\/admin\/mail">邮件发送记录<\/a>/);
    assert.equal((await b.get('/admin/mail')).statusCode, 200);
    for (const role of ROLES.filter((r) => r !== 'admin')) assert.ok(!adminNav(role).some(([href]) => href === '/admin/mail'), role);
  });
});
