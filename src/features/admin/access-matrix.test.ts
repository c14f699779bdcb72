// The access matrix: role × unit (own / another) × action, as an explicit table of expectations.
// Every cell is checked by calling the command with a real actor, and a sample of cells again
// through the console's HTTP routes. A refused cell must leave the row untouched.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, Browser, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor, type Actor, type Role } from '../../platform/access/roles.ts';
import { actorForUser } from '../../platform/auth/sessions.ts';
import { updateUser } from '../users/users.commands.ts';
import {
  approveDocument,
  changeValidity,
  createDocument,
  publishDocument,
  returnDocument,
  submitDocument,
  updateDocument,
  withdrawDocument,
} from '../documents/documents.commands.ts';
import type { Result } from '../../platform/errors.ts';

type Act = 'create' | 'edit' | 'submit' | 'approve' | 'return' | 'publish' | 'withdraw' | 'validity';
type Where = 'own' | 'other';
const ACTIONS: Act[] = ['create', 'edit', 'submit', 'approve', 'return', 'publish', 'withdraw', 'validity'];
const ROLE_LIST: Role[] = ['admin', 'unit-admin', 'editor', 'reviewer', 'auditor', 'handler', 'office-head'];

// Y = allowed, n = refused. Columns in the order of ACTIONS. Written out by hand on purpose:
// it is the specification, not a copy of roles.ts.
//                          create edit submit approve return publish withdraw validity
const EXPECTED: Record<Role, Record<Where, string>> = {
  admin: { own: 'Y Y Y Y Y Y Y Y', other: 'Y Y Y Y Y Y Y Y' },
  'unit-admin': { own: 'Y Y Y Y Y Y Y Y', other: 'n n n n n n n n' },
  editor: { own: 'Y Y Y n n n n Y', other: 'n n n n n n n n' },
  reviewer: { own: 'n n n Y Y Y Y Y', other: 'n n n n n n n n' },
  auditor: { own: 'n n n n n n n n', other: 'n n n n n n n n' },
  handler: { own: 'n n n n n n n n', other: 'n n n n n n n n' },
  'office-head': { own: 'n n n n n n n n', other: 'n n n n n n n n' },
};

function expected(role: Role, where: Where, act: Act): boolean {
  return EXPECTED[role][where].split(' ')[ACTIONS.indexOf(act)] === 'Y';
}

/** What a cell needs before the action, and what the action turns it into. */
const STATE_BEFORE: Record<Exclude<Act, 'create'>, 'draft' | 'submitted' | 'approved' | 'published'> = {
  edit: 'draft',
  submit: 'draft',
  approve: 'submitted',
  return: 'submitted',
  publish: 'approved',
  withdraw: 'published',
  validity: 'published',
};

const COMPLETE = { kind: 'other', disclosure: '主动公开', writtenOn: '2020-10-10', column: 'zd', body: '<p>正文</p>' };

let t: TestApp;
const unitIds: Record<Where, number> = { own: 0, other: 0 };
const actors = {} as Record<Role, Actor>;
const deps = () => ({ db: t.db });
let seq = 0;

/** A document in the requested state, prepared by the system (so nobody's own document). */
async function prepare(where: Where, state: 'draft' | 'submitted' | 'approved' | 'published'): Promise<number> {
  const sys = systemActor();
  const r = await createDocument(deps(), sys, { ...COMPLETE, title: `矩阵文件 ${++seq}`, unitId: unitIds[where] });
  assert.ok(r.ok);
  const id = r.value.id;
  if (state === 'draft') return id;
  assert.ok((await submitDocument(deps(), sys, id)).ok);
  if (state === 'submitted') return id;
  assert.ok((await approveDocument(deps(), sys, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
  if (state === 'approved') return id;
  assert.ok((await publishDocument(deps(), sys, id, {})).ok);
  return id;
}

async function run(actor: Actor, act: Act, where: Where, id: number): Promise<Result<unknown>> {
  const d = deps();
  switch (act) {
    case 'create':
      return createDocument(d, actor, { ...COMPLETE, title: `新建 ${++seq}`, unitId: unitIds[where] });
    case 'edit':
      return updateDocument(d, actor, id, { title: '矩阵修改后的名称' });
    case 'submit':
      return submitDocument(d, actor, id);
    case 'approve':
      return approveDocument(d, actor, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' });
    case 'return':
      return returnDocument(d, actor, id, { comment: '请修改' });
    case 'publish':
      return publishDocument(d, actor, id, {});
    case 'withdraw':
      return withdrawDocument(d, actor, id, { reason: '矩阵撤稿' });
    case 'validity':
      return changeValidity(d, actor, id, { validity: '失效', on: '2021-01-01', reason: '有效期届满' });
  }
}

/** What the row looks like after an allowed action. */
function effect(act: Act, row: { status: string; title: string; validity: string }): boolean {
  switch (act) {
    case 'edit':
      return row.title === '矩阵修改后的名称' && row.status === 'draft';
    case 'submit':
      return row.status === 'submitted';
    case 'approve':
      return row.status === 'approved';
    case 'return':
      return row.status === 'returned';
    case 'publish':
      return row.status === 'published';
    case 'withdraw':
      return row.status === 'withdrawn';
    case 'validity':
      return row.validity === '失效';
    default:
      return false;
  }
}

const docRow = (id: number) => t.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const countDocs = async () => Number((await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  t = await buildTestApp();
  unitIds.own = await unitId(t, 'zfb');
  unitIds.other = await unitId(t, 'jyj');
  for (const role of ROLE_LIST) actors[role] = await makeUser(t, `m-${role}`, role, 'zfb');
});
after(() => t.close());

describe('access matrix: commands', () => {
  for (const role of ROLE_LIST) {
    for (const where of ['own', 'other'] as Where[]) {
      for (const act of ACTIONS) {
        const allow = expected(role, where, act);
        it(`${role} × ${where} unit × ${act} → ${allow ? 'allowed' : 'refused'}`, async () => {
          const actor = actors[role];
          if (act === 'create') {
            const n = await countDocs();
            const r = await run(actor, act, where, 0);
            assert.equal(r.ok, allow, JSON.stringify(!r.ok && { code: r.error.code, message: r.error.message }));
            assert.equal(await countDocs(), allow ? n + 1 : n);
            if (!r.ok) assert.equal(r.error.code, 'FORBIDDEN');
            return;
          }
          const id = await prepare(where, STATE_BEFORE[act]);
          const before = await docRow(id);
          const r = await run(actor, act, where, id);
          assert.equal(r.ok, allow, JSON.stringify(!r.ok && { code: r.error.code, message: r.error.message }));
          const afterRow = await docRow(id);
          if (allow) {
            assert.ok(effect(act, afterRow), `effect of ${act}`);
            assert.equal(afterRow.version, before.version + 1);
            const audit = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'document').where('entity_id', '=', String(id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
            assert.equal(audit.action, `document.${act}`);
            assert.equal(audit.actor_id, actor.id);
          } else {
            assert.ok(!r.ok && ['FORBIDDEN', 'NOT_FOUND'].includes(r.error.code), !r.ok ? r.error.code : '');
            // Outside the unit scope the document is not even acknowledged.
            if (where === 'other') assert.equal(!r.ok && r.error.code, 'NOT_FOUND');
            assert.deepEqual(afterRow, before);
          }
        });
      }
    }
  }
});

describe('access matrix: the same cells through HTTP (sample)', () => {
  const browsers = new Map<Role, { b: Browser; csrf: string }>();
  const as = async (role: Role) => {
    if (!browsers.has(role)) {
      const b = new Browser(t.app);
      assert.equal((await b.login(`m-${role}`)).statusCode, 303);
      browsers.set(role, { b, csrf: await b.csrf('/admin') });
    }
    return browsers.get(role)!;
  };

  const FORMS: Record<Exclude<Act, 'create'>, Record<string, string>> = {
    edit: { title: '矩阵修改后的名称' },
    submit: {},
    approve: { check_political: 'on', check_policy: 'on', check_wording: 'on' },
    return: { comment: '请修改' },
    publish: { publishedAt: '' },
    withdraw: { reason: '矩阵撤稿' },
    validity: { validity: '失效', on: '2021-01-01', reason: '有效期届满', replacedBy: '' },
  };

  const SAMPLE: [Role, Where, Act][] = [
    ['editor', 'own', 'create'],
    ['editor', 'other', 'create'],
    ['reviewer', 'own', 'create'],
    ['auditor', 'own', 'create'],
    ['editor', 'own', 'edit'],
    ['editor', 'other', 'edit'],
    ['editor', 'own', 'submit'],
    ['auditor', 'own', 'submit'],
    ['unit-admin', 'other', 'submit'],
    ['editor', 'own', 'approve'],
    ['reviewer', 'own', 'approve'],
    ['reviewer', 'other', 'approve'],
    ['unit-admin', 'own', 'return'],
    ['editor', 'own', 'return'],
    ['reviewer', 'own', 'publish'],
    ['editor', 'own', 'publish'],
    ['reviewer', 'other', 'publish'],
    ['unit-admin', 'own', 'withdraw'],
    ['editor', 'own', 'withdraw'],
    ['admin', 'other', 'withdraw'],
    ['editor', 'own', 'validity'],
    ['auditor', 'own', 'validity'],
    ['admin', 'other', 'validity'],
    ['unit-admin', 'other', 'validity'],
  ];

  for (const [role, where, act] of SAMPLE) {
    const allow = expected(role, where, act);
    it(`POST as ${role} × ${where} unit × ${act} → ${allow ? '303' : '403'}`, async () => {
      const { b, csrf } = await as(role);
      if (act === 'create') {
        const n = await countDocs();
        const res = await b.post('/admin/documents', { ...COMPLETE, title: `HTTP 新建 ${++seq}`, unitId: String(unitIds[where]), _csrf: csrf });
        assert.equal(res.statusCode, allow ? 303 : 403);
        assert.equal(await countDocs(), allow ? n + 1 : n);
        return;
      }
      const id = await prepare(where, STATE_BEFORE[act]);
      const before = await docRow(id);
      const url = act === 'edit' ? `/admin/documents/${id}` : `/admin/documents/${id}/${act}`;
      const res = await b.post(url, { ...FORMS[act], _csrf: csrf });
      assert.equal(res.statusCode, allow ? 303 : 403, res.body.slice(0, 300));
      const afterRow = await docRow(id);
      if (allow) {
        assert.ok(effect(act, afterRow));
        assert.match(String(res.headers.location), new RegExp(`^/admin/documents/${id}\\?msg=`));
      } else {
        assert.match(res.body, /没有权限|不能|其他单位/);
        assert.deepEqual(afterRow, before);
      }
    });
  }

  it('GET of another unit\'s document is a 403 page for every role but the platform admin', async () => {
    const id = await prepare('other', 'draft');
    for (const role of ROLE_LIST) {
      const { b } = await as(role);
      const res = await b.get(`/admin/documents/${id}`);
      assert.equal(res.statusCode, role === 'admin' ? 200 : 403, role);
    }
  });
});

describe('self review', () => {
  it('a reviewer cannot approve or return a document they created or submitted (SELF_REVIEW)', async () => {
    // An editor drafts and submits, and is later made a reviewer of the same unit.
    const writer = await makeUser(t, 'm-turncoat', 'editor', 'zfb');
    const created = await createDocument(deps(), writer, { ...COMPLETE, title: '自己写的文件', unitId: unitIds.own });
    assert.ok(created.ok);
    const id = created.value.id;
    assert.ok((await submitDocument(deps(), writer, id)).ok);
    assert.ok((await updateUser(t.db, systemActor(), writer.id, { role: 'reviewer' })).ok);
    const userRow = await t.db.selectFrom('users').selectAll().where('id', '=', writer.id).executeTakeFirstOrThrow();
    const reviewer = (await actorForUser(t.db, userRow, 'session'))!;
    assert.equal(reviewer.role, 'reviewer');

    const approve = await approveDocument(deps(), reviewer, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' });
    assert.equal(!approve.ok && approve.error.code, 'SELF_REVIEW');
    const ret = await returnDocument(deps(), reviewer, id, { comment: '自己退回' });
    assert.equal(!ret.ok && ret.error.code, 'SELF_REVIEW');

    // Submitted by someone else, but created by the reviewer: still their own.
    const b = new Browser(t.app);
    assert.equal((await b.login('m-turncoat')).statusCode, 303);
    const res = await b.post(`/admin/documents/${id}/approve`, { check_political: 'on', check_policy: 'on', check_wording: 'on', _csrf: await b.csrf('/admin') });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /不能审核自己起草或提交的文件/);
    const row = await docRow(id);
    assert.equal(row.status, 'submitted');
    assert.equal(row.version, 2);

    // A different reviewer may.
    assert.ok((await approveDocument(deps(), actors.reviewer, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
  });

  it('a document submitted (not created) by the reviewer is also their own', async () => {
    const ua = await makeUser(t, 'm-ua2', 'unit-admin', 'zfb');
    const created = await createDocument(deps(), systemActor(), { ...COMPLETE, title: '别人起草、自己提交', unitId: unitIds.own });
    assert.ok(created.ok);
    assert.ok((await submitDocument(deps(), ua, created.value.id)).ok);
    const r = await approveDocument(deps(), ua, created.value.id, { check_political: 'on', check_policy: 'on', check_wording: 'on' });
    assert.equal(!r.ok && r.error.code, 'SELF_REVIEW');
  });
});
