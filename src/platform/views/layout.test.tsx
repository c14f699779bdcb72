// Layout: the public header and footer come from a per-mode copy rendered once (issue 15); each page still gets its
// own way back from the 适老化 switch, its own current menu entry and its own mode.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderPage } from './render.ts';
import { Layout } from './layout.tsx';

const page = (path: string, elder = false, user: null | { id: number; username: string; displayName: string; role: string; unitName: string } = null) =>
  renderPage(
    <Layout ctx={{ siteName: '某区 政府信息公开', path, elder, csrf: 'tok', user }} title="T" nav={[['/', '首页'], ['/xxgk', '政府信息公开']]}>
      <p>x</p>
    </Layout>,
  );

describe('Layout (public header rendered once)', () => {
  it('puts each page its own path, current entry and mode into the kept header', () => {
    const a = page('/xxgk/documents/1');
    const b = page('/xxgk/catalog/a b?column=x&y=1');
    const c = page('/');
    assert.match(a, /href="\/elder\?on=1&amp;back=%2Fxxgk%2Fdocuments%2F1"/);
    assert.match(b, /href="\/elder\?on=1&amp;back=%2Fxxgk%2Fcatalog%2Fa%20b%3Fcolumn%3Dx%26y%3D1"/);
    assert.match(a, /<a href="\/xxgk" aria-current="page">政府信息公开<\/a>/);
    assert.match(c, /<a href="\/" aria-current="page">首页<\/a>/);
    assert.doesNotMatch(c, /aria-current="page">政府信息公开/);
    const e = page('/xxgk/documents/1', true);
    assert.match(e, /<body class="elder">/);
    assert.match(e, /退出关怀模式/);
    assert.doesNotMatch(page('/xxgk/documents/2'), /退出关怀模式/);
    assert.match(a, /<footer class="site-footer" role="contentinfo"><div class="wrap"><p>主办：某区 · /);
    assert.equal(a.replace('%2F1"', '%2F9"'), page('/xxgk/documents/9'));
  });

  it('renders the header of a signed-in staff member with their name, never the anonymous copy', () => {
    const staff = page('/xxgk/documents/1', false, { id: 1, username: 'u', displayName: '张三', role: 'admin', unitName: '办公室' });
    assert.match(staff, /张三（办公室）/);
    assert.doesNotMatch(staff, /工作人员登录/);
    assert.match(page('/xxgk/documents/1'), /工作人员登录/);
  });
});
