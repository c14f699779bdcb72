// Hostile search input answers with a page or a coded JSON error, never a 500: words that are names of
// Object.prototype members (they were looked up in plain objects) and dates that are not dates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { decodeEntities, htmlToText } from '../../platform/text.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ demo: true });
});
after(() => t.close());

test('prototype member names are ordinary words', async () => {
  for (const w of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
    const page = await t.app.inject({ method: 'GET', url: `/search?q=${w}` });
    assert.equal(page.statusCode, 200, `page ${w}`);
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${w}` });
    assert.equal(api.statusCode, 200, `api ${w}`);
    assert.equal(typeof api.json().total, 'number');
  }
  assert.equal(decodeEntities('a&constructor;b&amp;'), 'a&constructor;b&');
  assert.equal(htmlToText('<p>a&toString;b</p>'), 'a&toString;b');
});

test('dates that are not calendar dates: the API says which field, the page ignores them', async () => {
  for (const bad of ['2023-13-01', '2023-02-30', '2023-00-10']) {
    for (const k of ['from', 'to']) {
      const api = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=通知&${k}=${bad}` });
      assert.equal(api.statusCode, 400, `${k}=${bad}`);
      const body = api.json();
      assert.equal(body.error.code, 'VALIDATION');
      assert.match(JSON.stringify(body.error), new RegExp(`querystring\\.${k}`));
    }
    const page = await t.app.inject({ method: 'GET', url: `/search?q=通知&from=${bad}` });
    assert.equal(page.statusCode, 200);
  }
  const good = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=通知&from=2020-02-29&to=2024-02-29' });
  assert.equal(good.statusCode, 200);
});
