// The demo database: the 政府办's weights for this year (new media doubled, after the seed document) with an audit
// row, and a ranking measured from the other features' demo records — some indicators measured, 政民互动 未测量
// until its feature contributes it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, type TestApp } from '../../../test/helpers.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { DEFAULT_WEIGHTS } from './score.ts';

describe('assessment demo seed', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(async () => t?.close());

  it('seeds this year’s weights once, audited, and the demo units get measured scores', async () => {
    const year = Number(todayBeijing().slice(0, 4));
    const rows = await t.db.selectFrom('assessment_weights').select(['indicator', 'weight_tenths']).where('year', '=', year).execute();
    assert.equal(rows.find((r) => r.indicator === 'new-media')?.weight_tenths, DEFAULT_WEIGHTS['new-media'] * 20);
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'assessment.weights').execute()).length, 1);
    await makeUser(t, 'seed-office', 'unit-admin', 'zfb');
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/assessment?year=${year}&pageSize=100`, headers: { authorization: `Bearer ${await makeToken(t, 'seed-office')}` } });
    assert.equal(r.statusCode, 200);
    const items = r.json().items as { total: number | null; rank: number | null; indicators: { key: string; state: string }[] }[];
    assert.ok(items.some((i) => i.total !== null && i.rank === 1));
    assert.ok(items.some((i) => i.indicators.some((x) => x.key === 'proactive-on-time' && x.state === 'measured')));
    // The demo's 2020 standard catalogs (seed document year): the catalog indicator measured from their items.
    const y2020 = await t.app.inject({ method: 'GET', url: '/api/v1/assessment?year=2020&pageSize=100', headers: { authorization: `Bearer ${await makeToken(t, 'seed-office')}` } });
    const catalog = (y2020.json().items as { indicators: { key: string; state: string; denominator: number | null }[] }[]).flatMap((i) => i.indicators.filter((x) => x.key === 'catalog' && x.state === 'measured'));
    assert.ok(catalog.length >= 2 && catalog.every((c) => (c.denominator ?? 0) > 0));
  });
});
