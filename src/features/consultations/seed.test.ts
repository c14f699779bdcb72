// The demo seed: three consultations in each state and 60 comments, with their public pages.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';

describe('consultations demo seed', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(async () => t?.close());

  it('open, closed awaiting feedback (overdue), closed with feedback and its decision document; 60 comments', async () => {
    const rows = await t.db.selectFrom('consultations').selectAll().orderBy('id').execute();
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => r.feedback_status), ['none', 'none', 'published']);
    assert.ok(rows[2]!.decision_document_id);
    const n = await t.db.selectFrom('consultation_comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 60);
    const list = await t.app.inject('/yjzj');
    assert.match(list.body, /还剩 20 天/);
    assert.match((await t.app.inject('/yjzj/overdue')).body, /城市道路临时停车管理规定/);
    const fb = await t.app.inject(`/yjzj/${rows[2]!.id}/feedback`);
    assert.equal(fb.statusCode, 200);
    assert.match(fb.body, new RegExp(`href="/xxgk/documents/${rows[2]!.decision_document_id}"`));
    assert.match(fb.body, /不予采纳 1 类/);
    // Linked both ways: the decision document's page names the consultation and its feedback.
    const doc = await t.app.inject(`/xxgk/documents/${rows[2]!.decision_document_id}`);
    assert.equal(doc.statusCode, 200);
    assert.match(doc.body, new RegExp(`href="/yjzj/${rows[2]!.id}"[^>]*>宿城区关于推进养老服务高质量发展的实施意见`));
    assert.match(doc.body, new RegExp(`href="/yjzj/${rows[2]!.id}/feedback"[^>]*>意见采纳情况`));
    const page = await t.app.inject(`/yjzj/${rows[0]!.id}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /1390000/);
  });
});
