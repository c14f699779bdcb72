// A request the HTTP parser refuses (raw, unencoded Chinese in the address, as some old clients send)
// gets a Chinese HTML answer, not Node's English JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { buildTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
let port = 0;
before(async () => {
  t = await buildTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});
after(async () => t.close());

function raw(request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(port, '127.0.0.1', () => s.end(request));
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', reject);
  });
}

test('raw UTF-8 in the request line → 400 with a Chinese page', async () => {
  const res = await raw(Buffer.from('GET /search?q=政务公开 HTTP/1.1\r\nHost: localhost\r\n\r\n', 'utf8'));
  assert.match(res, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(res, /Content-Type: text\/html; charset=utf-8/);
  assert.ok(res.includes('请求无效：网址中含有未编码的字符'), res.slice(0, 300));
});

test('an encoded address is served as usual', async () => {
  const res = await raw(Buffer.from('GET /ysqgk HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'));
  assert.match(res, /^HTTP\/1\.1 200 OK\r\n/);
});
