// html`` (html.ts): interpolations escaped exactly as preact-render-to-string escapes them, raw() only when asked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { html, raw, escapeHtml, Html } from './html.ts';

describe('html``', () => {
  it('escapes every interpolation as Preact does, in text and attributes', () => {
    // (An empty attribute value is the one difference: Preact writes a bare attribute, html`` writes title="".)
    assert.equal(html`<p>${''}</p>`.value, renderToString(h('p', null, '')));
    for (const s of ['plain 中文', '<script>alert("x")</script>', `a & b 'c' "d" > e`, '&amp;', '<<&&""', 'x<', '&y']) {
      assert.equal(html`<p title="${s}">${s}</p>`.value, renderToString(h('p', { title: s }, s)), JSON.stringify(s));
      assert.equal(escapeHtml(s), renderToString(h('b', null, s)).slice(3, -4));
    }
  });

  it('keeps Html and raw() as they are; arrays in order; null, undefined and booleans are nothing; numbers as text', () => {
    const inner = html`<b>${'<i>'}</b>`;
    assert.equal(html`<div>${inner}${raw('<br/>')}</div>`.value, '<div><b>&lt;i></b><br/></div>');
    assert.equal(html`<ul>${['a&', html`<li>x</li>`, ['<', 1]]}</ul>`.value, '<ul>a&amp;<li>x</li>&lt;1</ul>');
    assert.equal(html`[${null}${undefined}${false}${true}${0}${1.5}]`.value, '[01.5]');
    assert.ok(html`x` instanceof Html);
    assert.equal(String(html`<a>${'&'}</a>`), '<a>&amp;</a>');
  });

  it('refuses objects it cannot escape (a VNode, a plain object)', () => {
    assert.throws(() => html`${h('p', null, 'x')}`, TypeError);
    assert.throws(() => html`${{ toString: () => '<script>' }}`, TypeError);
  });
});
