// Server-side JSX rendering. preact-render-to-string escapes every text and attribute by default;
// the only way to emit raw HTML is dangerouslySetInnerHTML, used solely for sanitised document bodies.
import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';

export function renderPage(vnode: VNode): string {
  return '<!doctype html>' + renderToString(vnode);
}

export function renderFragment(vnode: VNode): string {
  return renderToString(vnode);
}
