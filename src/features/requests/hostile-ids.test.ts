// Ids above 32 bits and dates before the Regulation: clear errors on both databases, never a 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, makeToken, unitId, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let token: string;
before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'hi-hd', 'handler', 'zfb');
  token = await makeToken(t, 'hi-hd');
});
after(() => t.close());

const api = (method: 'GET' | 'POST', url: string, payload?: unknown) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as any });
const applicant = { name: '张三', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13812345678', address: '宿迁市宿城区洪泽湖路 8 号' };

test('a staff registration received before 2008-05-01 is refused with the reason', async () => {
  const zfb = await unitId(t, 'zfb');
  for (const receivedOn of ['1949-10-01', '1900-01-01', '2008-04-30']) {
    const res = await api('POST', '/api/v1/requests', { applicantType: 'natural', applicant, unitId: zfb, docRef: '宿城发改〔2024〕12号', form: 'paper', delivery: 'post', channel: 'in-person', receivedOn });
    assert.equal(res.statusCode, 400, `${receivedOn}: ${res.body}`);
    assert.match(JSON.stringify(res.json().error.fields), /2008-05-01/);
  }
});

test('a transfer to a unit id above 32 bits is a validation error, not a database error', async () => {
  for (const toUnitId of [2147483648, 99999999999]) {
    const res = await api('POST', '/api/v1/requests/1/events', { type: 'transfer', on: '2026-03-02', toUnitId });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${toUnitId}: ${res.statusCode} ${res.body}`);
  }
  for (const url of ['/api/v1/requests/2147483648', '/admin/requests/2147483648', '/admin/documents/2147483648', '/documents/2147483648']) {
    const res = await api('GET', url);
    assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
  }
});
