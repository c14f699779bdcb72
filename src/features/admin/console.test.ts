// Route tests of the rest of the console: login lockout, units, users and tokens, taxonomies,
// audit log and the task page. Each checks status, page and rows afterwards.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, Browser, unitId, PASSWORD, type TestApp, staffSessions } from '../../../test/helpers.ts';
import { systemActor, type Actor } from '../../platform/access/roles.ts';
import { verifyPassword } from '../../platform/auth/password.ts';
import { resolveApiToken } from '../../platform/auth/sessions.ts';
import { createDocument } from '../documents/documents.commands.ts';
import { issueToken } from '../users/users.commands.ts';

let t: TestApp;
let zfb: number;
let jyj: number;
const users: Record<string, Actor> = {};
const { as, post } = staffSessions(() => t.app);
const audits = (entity: string, id: number | string) =>
  t.db.selectFrom('audit_log').selectAll().where('entity', '=', entity).where('entity_id', '=', String(id)).orderBy('id', 'desc').execute();
const secretOn = (body: string) => /<p class="secret"><code>([^<]+)<\/code><\/p>/.exec(body)?.[1];

before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
  jyj = await unitId(t, 'jyj');
  users.admin = await makeUser(t, 'c-admin', 'admin', 'sucheng');
  users.ua = await makeUser(t, 'c-ua', 'unit-admin', 'zfb');
  users.editor = await makeUser(t, 'c-ed', 'editor', 'zfb');
  users.auditor = await makeUser(t, 'c-aud', 'auditor', 'zfb');
  users.otherEd = await makeUser(t, 'c-jyj-ed', 'editor', 'jyj');
});
after(() => t.close());

describe('login lockout', () => {
  it('locks the account after 5 wrong passwords (423, audited); the right password is then refused too', async () => {
    const victim = await makeUser(t, 'c-victim', 'editor', 'zfb');
    const b = new Browser(t.app);
    for (let i = 1; i <= 5; i++) {
      const res = await b.login('c-victim', `wrong-password-${i}`);
      assert.equal(res.statusCode, 401, `attempt ${i}`);
      assert.match(res.body, /用户名或密码不正确/);
    }
    const row = await t.db.selectFrom('login_locks').selectAll().where('username', '=', 'c-victim').executeTakeFirstOrThrow();
    assert.ok(row.locked_until && row.locked_until > new Date().toISOString());
    const locked = await audits('user', victim.id);
    assert.equal(locked[0].action, 'user.locked');

    const right = await b.login('c-victim', PASSWORD);
    assert.equal(right.statusCode, 423);
    assert.match(right.body, /已暂停从您所在的网络登录该账号/);
    assert.equal(b.cookies.has('gk_sid'), false);
    const page = await b.get('/admin');
    assert.equal(page.statusCode, 303);
    const attempts = await t.db.selectFrom('login_attempts').selectAll().where('username', '=', 'c-victim').execute();
    assert.equal(attempts.length, 6);
    assert.equal(attempts.filter((a) => a.ok).length, 0);
  });

  it('an admin resets the password with a generated one, which unlocks the account', async () => {
    const victim = await t.db.selectFrom('users').selectAll().where('username', '=', 'c-victim').executeTakeFirstOrThrow();
    const res = await post('c-ua', `/admin/users/${victim.id}`, { displayName: victim.display_name, role: 'editor', unit: String(zfb), active: '1', password: '', generatePassword: 'on' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /只显示这一次/);
    const pw = secretOn(res.body);
    assert.ok(pw);
    const row = await t.db.selectFrom('users').selectAll().where('id', '=', victim.id).executeTakeFirstOrThrow();
    assert.equal(await t.db.selectFrom('login_locks').selectAll().where('username', '=', 'c-victim').executeTakeFirst(), undefined);
    assert.ok(await verifyPassword(pw!, row.password_hash));
    const b = new Browser(t.app);
    assert.equal((await b.login('c-victim', pw!)).statusCode, 303);
    // Shown once: the user page does not carry it.
    const again = await (await as('c-ua')).b.get(`/admin/users/${victim.id}`);
    assert.ok(!again.body.includes(pw!));
  });
});

describe('units', () => {
  it('a unit admin sees and edits only their unit (and below)', async () => {
    const { b } = await as('c-ua');
    const list = await b.get('/admin/units');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /宿城区人民政府办公室/);
    assert.doesNotMatch(list.body, /宿城区教育局/);
    assert.doesNotMatch(list.body, /新建下级单位/);
    assert.equal((await b.get(`/admin/units/${jyj}`)).statusCode, 403);
    const form = await b.get(`/admin/units/${zfb}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /识别为行政区划代码/);
    for (const name of ['name', 'indexPrefix', 'arrangement', 'obtain', 'officeName', 'officeAddress', 'officeHours', 'phone', 'fax', 'email', 'postcode']) assert.match(form.body, new RegExp(`id="f-${name}"`), name);
    const other = await post('c-ua', `/admin/units/${jyj}`, { name: '改别人的' });
    assert.equal(other.statusCode, 403);
    assert.equal((await t.db.selectFrom('units').select('name').where('id', '=', jyj).executeTakeFirstOrThrow()).name, '宿城区教育局');
    assert.equal((await (await as('c-ed')).b.get('/admin/units')).statusCode, 403);
  });

  it('saves the guide fields and a new prefix, audits, and tells what the prefix looks like', async () => {
    const before = await t.db.selectFrom('units').selectAll().where('id', '=', zfb).executeTakeFirstOrThrow();
    const form = {
      name: before.name, indexPrefix: '11100000MB0341032Y', arrangement: before.guide_arrangement, obtain: '到区政务服务中心查阅。',
      officeName: before.office_name, officeAddress: before.office_address, officeHours: before.office_hours,
      phone: '0527-80001234', fax: before.fax, email: before.email, postcode: '223800',
    };
    const res = await post('c-ua', `/admin/units/${zfb}`, form);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/units/${zfb}?msg=unit-saved`);
    const row = await t.db.selectFrom('units').selectAll().where('id', '=', zfb).executeTakeFirstOrThrow();
    assert.equal(row.index_prefix, '11100000MB0341032Y');
    assert.equal(row.phone, '0527-80001234');
    assert.equal(row.guide_obtain, '到区政务服务中心查阅。');
    const [a] = await audits('unit', zfb);
    assert.equal(a.action, 'unit.update');
    assert.deepEqual(JSON.parse(a.before_json!), { index_prefix: '321302', guide_obtain: before.guide_obtain, phone: before.phone });
    const page = await (await as('c-ua')).b.get(res.headers.location!);
    assert.match(page.body, /单位信息已保存/);
    assert.match(page.body, /识别为统一社会信用代码/);
    // The unit tree was refreshed: the next index number uses the new prefix.
    const { allocateIndexNo } = await import('../documents/index-number.ts');
    assert.match(await allocateIndexNo(t.db, zfb, 2031), /^11100000MB0341032Y\/2031-00001$/);
    // Back to the real prefix, stored exactly as given.
    assert.equal((await post('c-ua', `/admin/units/${zfb}`, { ...form, indexPrefix: '321302' })).statusCode, 303);
  });

  it('re-renders with Chinese messages and the typed values on bad input, changing nothing', async () => {
    const before = await t.db.selectFrom('units').selectAll().where('id', '=', zfb).executeTakeFirstOrThrow();
    const res = await post('c-ua', `/admin/units/${zfb}`, { name: '', indexPrefix: '3213/02', email: 'not-an-email', postcode: '22380', phone: 'call me' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请填写单位名称/);
    assert.match(res.body, /索引号前段码只能包含字母、数字和连字符/);
    assert.match(res.body, /电子邮箱格式不正确/);
    assert.match(res.body, /邮政编码应为 6 位数字/);
    assert.match(res.body, /联系电话只能包含数字/);
    assert.match(res.body, /href="#f-indexPrefix"/);
    assert.ok(res.body.includes('value="3213/02"'));
    assert.ok(res.body.includes('value="not-an-email"'));
    const clash = await post('c-ua', `/admin/units/${zfb}`, { indexPrefix: '11321302MB0000012D' });
    assert.equal(clash.statusCode, 400);
    assert.match(clash.body, /该前段码已由“宿城区教育局”使用/);
    assert.deepEqual(await t.db.selectFrom('units').selectAll().where('id', '=', zfb).executeTakeFirstOrThrow(), before);
  });

  it('a platform admin creates a child unit; it is offered in the forms at once', async () => {
    assert.equal((await (await as('c-ua')).b.get(`/admin/units/new?parent=${zfb}`)).statusCode, 403);
    const { b } = await as('c-admin');
    const form = await b.get(`/admin/units/new?parent=${zfb}`);
    assert.equal(form.statusCode, 200);
    const bad = await post('c-admin', '/admin/units', { parent: String(zfb), code: 'Bad Code', type: '', name: '政务公开科', indexPrefix: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /单位代码应为/);
    assert.match(bad.body, /请选择单位类型/);
    assert.match(bad.body, /请填写索引号前段码/);
    assert.ok(bad.body.includes('value="政务公开科"'));
    const res = await post('c-admin', '/admin/units', { parent: String(zfb), code: 'zwgkk', type: 'department', name: '宿城区政务公开科', indexPrefix: '321302001X', phone: '0527-1' });
    assert.equal(res.statusCode, 303);
    const row = await t.db.selectFrom('units').selectAll().where('code', '=', 'zwgkk').executeTakeFirstOrThrow();
    assert.equal(res.headers.location, `/admin/units/${row.id}?msg=unit-created`);
    assert.equal(row.parent_id, zfb);
    assert.equal(row.index_prefix, '321302001X');
    assert.equal((await audits('unit', row.id))[0].action, 'unit.create');
    const page = await b.get(res.headers.location!);
    assert.match(page.body, /不是有效的统一社会信用代码、组织机构代码或行政区划代码/);
    // The unit admin of the parent now manages it, and editors there can file under it.
    const newForm = await (await as('c-ed')).b.get('/admin/documents/new');
    assert.match(newForm.body, /宿城区政务公开科/);
    assert.equal((await (await as('c-ua')).b.get(`/admin/units/${row.id}`)).statusCode, 200);
  });

  it('unknown units are 404 pages', async () => {
    const { b } = await as('c-admin');
    assert.equal((await b.get('/admin/units/99999')).statusCode, 404);
    assert.equal((await b.get('/admin/units/new?parent=99999')).statusCode, 404);
  });
});

describe('users and tokens', () => {
  it('lists only the users of the unit admin\'s scope', async () => {
    const { b } = await as('c-ua');
    const res = await b.get('/admin/users');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, />c-ed</);
    assert.doesNotMatch(res.body, />c-jyj-ed</);
    assert.doesNotMatch(res.body, />c-admin</);
    assert.equal((await b.get(`/admin/users/${users.otherEd.id}`)).statusCode, 403);
    assert.equal((await (await as('c-ed')).b.get('/admin/users')).statusCode, 403);
    assert.equal((await b.get('/admin/users/999999')).statusCode, 404);
  });

  it('creates a user with a generated password shown once', async () => {
    const form = await (await as('c-ua')).b.get('/admin/users/new');
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(form.body, /<option value="admin"/);
    const res = await post('c-ua', '/admin/users', { username: 'zfb-new', displayName: '新来的编辑', role: 'editor', unit: String(zfb), password: '' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /只显示这一次/);
    const pw = secretOn(res.body)!;
    assert.match(pw, /^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    const row = await t.db.selectFrom('users').selectAll().where('username', '=', 'zfb-new').executeTakeFirstOrThrow();
    assert.equal(row.role, 'editor');
    assert.equal(row.unit_id, zfb);
    assert.equal(row.display_name, '新来的编辑');
    assert.ok(await verifyPassword(pw, row.password_hash));
    assert.equal((await audits('user', row.id))[0].action, 'user.create');
    assert.equal((await new Browser(t.app).login('zfb-new', pw)).statusCode, 303);
  });

  it('creates a user with a chosen password and redirects to the user page', async () => {
    const res = await post('c-ua', '/admin/users', { username: 'zfb-chosen', displayName: '', role: 'reviewer', unit: String(zfb), password: 'Chosen-pass-2024' });
    assert.equal(res.statusCode, 303);
    const row = await t.db.selectFrom('users').selectAll().where('username', '=', 'zfb-chosen').executeTakeFirstOrThrow();
    assert.equal(res.headers.location, `/admin/users/${row.id}?msg=user-created`);
    assert.equal(row.display_name, 'zfb-chosen');
  });

  it('refuses bad input (400), admin roles and other units (403), keeping the typed values', async () => {
    const n = Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const bad = await post('c-ua', '/admin/users', { username: 'x', displayName: '张三', role: 'boss', unit: String(zfb), password: 'short' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /用户名为 3–40 位/);
    assert.match(bad.body, /角色应为/);
    assert.match(bad.body, /密码至少 10 个字符/);
    assert.ok(bad.body.includes('value="张三"'));
    assert.ok(!bad.body.includes('value="short"'), 'passwords are never echoed');
    const admin = await post('c-ua', '/admin/users', { username: 'sneaky-admin', role: 'admin', unit: String(zfb), password: '' });
    assert.equal(admin.statusCode, 403);
    assert.match(admin.body, /只有平台管理员可以创建平台管理员/);
    const other = await post('c-ua', '/admin/users', { username: 'jyj-new', role: 'editor', unit: String(jyj), password: '' });
    assert.equal(other.statusCode, 403);
    const dup = await post('c-ua', '/admin/users', { username: 'c-ed', role: 'editor', unit: String(zfb), password: '' });
    assert.equal(dup.statusCode, 409);
    assert.match(dup.body, /该用户名已被使用/);
    assert.equal(Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), n);
  });

  it('changes role and deactivates; the user\'s sessions end at once', async () => {
    const target = await makeUser(t, 'c-leaver', 'editor', 'zfb');
    const { b: theirs } = await as('c-leaver');
    assert.equal((await theirs.get('/admin')).statusCode, 200);
    const res = await post('c-ua', `/admin/users/${target.id}`, { displayName: '将离职', role: 'reviewer', unit: String(zfb), active: '0', password: '' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/users/${target.id}?msg=user-saved`);
    const row = await t.db.selectFrom('users').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    assert.equal(row.active, 0);
    assert.equal(row.role, 'reviewer');
    assert.equal(row.display_name, '将离职');
    const [a] = await audits('user', target.id);
    assert.equal(a.action, 'user.update');
    assert.equal((await theirs.get('/admin')).statusCode, 303);
    const self = await post('c-ua', `/admin/users/${users.ua.id}`, { active: '0' });
    assert.equal(self.statusCode, 409);
    assert.match(self.body, /不能停用自己的账号/);
  });

  it('lists the user’s API tokens with a revoke button, and offers no way to mint one for them', async () => {
    const mine = await issueToken(t.db, users.editor, 'c-ed', '办公系统对接');
    assert.ok(mine.ok);
    const page = await (await as('c-ua')).b.get(`/admin/users/${users.editor.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /办公系统对接/);
    assert.match(page.body, /action="\/admin\/tokens\/\d+\/revoke"/);
    assert.doesNotMatch(page.body, /创建 API 令牌/);
    assert.ok(!page.body.includes((mine as { value: string }).value));
    const actor = await resolveApiToken(t.db, (mine as { value: string }).value, '127.0.0.1');
    assert.equal(actor?.id, users.editor.id);
  });
});

describe('taxonomies', () => {
  it('are for platform admins only', async () => {
    assert.equal((await (await as('c-ua')).b.get('/admin/terms')).statusCode, 403);
    const res = await post('c-ua', '/admin/terms', { kind: 'genre', label: '决议' });
    assert.equal(res.statusCode, 403);
    assert.equal(await t.db.selectFrom('terms').select('id').where('label', '=', '决议').executeTakeFirst(), undefined);
  });

  it('adds a child topic with a generated code; it is offered in the document form', async () => {
    const { b } = await as('c-admin');
    const list = await b.get('/admin/terms?kind=topic');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /综合政务/);
    const res = await post('c-admin', '/admin/terms', { kind: 'topic', label: '数据开放', parent: 'zhzw' });
    assert.equal(res.statusCode, 303);
    const row = await t.db.selectFrom('terms').selectAll().where('kind', '=', 'topic').where('label', '=', '数据开放').executeTakeFirstOrThrow();
    assert.match(row.code, /^zhzw\.x\d+$/);
    assert.equal(row.parent_code, 'zhzw');
    assert.equal(res.headers.location, `/admin/terms?kind=topic&msg=term-added#t-${row.id}`);
    assert.equal((await audits('term', row.id))[0].action, 'term.create');
    const form = await (await as('c-ed')).b.get('/admin/documents/new');
    assert.ok(form.body.includes(`<option value="${row.code}">数据开放</option>`));
    const dup = await post('c-admin', '/admin/terms', { kind: 'topic', label: '数据开放', parent: 'zhzw' });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /同一级下已有同名分类/);
    const empty = await post('c-admin', '/admin/terms', { kind: 'genre', label: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写分类名称/);
  });

  it('renames, reorders and deactivates; documents keep their deactivated terms', async () => {
    const term = await t.db.selectFrom('terms').selectAll().where('kind', '=', 'genre').where('code', '=', 'tongzhi').executeTakeFirstOrThrow();
    const r1 = await post('c-admin', `/admin/terms/${term.id}`, { label: '通知（含转发）' });
    assert.equal(r1.statusCode, 303);
    assert.equal((await t.db.selectFrom('terms').select('label').where('id', '=', term.id).executeTakeFirstOrThrow()).label, '通知（含转发）');
    assert.equal((await audits('term', term.id))[0].action, 'term.rename');

    const r2 = await post('c-admin', `/admin/terms/${term.id}/move`, { direction: 'up', page: '1' });
    assert.equal(r2.statusCode, 303);
    const moved = await t.db.selectFrom('terms').selectAll().where('kind', '=', 'genre').orderBy('position').orderBy('id').execute();
    const i = moved.findIndex((x) => x.code === 'tongzhi');
    assert.equal(moved[i + 1].code, 'yijian');
    assert.equal((await audits('term', term.id))[0].action, 'term.move');

    const made = await createDocument({ db: t.db }, systemActor(), { title: '用停用体裁的文件', unitId: zfb, genre: 'tongzhi', topic: 'zhzw.zwgk' });
    assert.ok(made.ok);
    const zhzw = await t.db.selectFrom('terms').selectAll().where('kind', '=', 'topic').where('code', '=', 'zhzw').executeTakeFirstOrThrow();
    assert.equal((await post('c-admin', `/admin/terms/${zhzw.id}/deactivate`, {})).statusCode, 303);
    assert.equal((await post('c-admin', `/admin/terms/${term.id}/deactivate`, {})).statusCode, 303);
    const child = await t.db.selectFrom('terms').selectAll().where('kind', '=', 'topic').where('code', '=', 'zhzw.zwgk').executeTakeFirstOrThrow();
    assert.equal(child.active, 0, 'children follow their parent');
    const fresh = await (await as('c-ed')).b.get('/admin/documents/new');
    assert.doesNotMatch(fresh.body, /<option value="tongzhi"/);
    assert.doesNotMatch(fresh.body, /<option value="zhzw.zwgk"/);
    const edit = await (await as('c-ed')).b.get(`/admin/documents/${made.value.id}/edit`);
    assert.match(edit.body, /<option value="tongzhi" selected>通知（含转发）（已停用）<\/option>/);
    const save = await post('c-ed', `/admin/documents/${made.value.id}`, { title: '用停用体裁的文件（改）', unitId: String(zfb), genre: 'tongzhi', topic: 'zhzw.zwgk', kind: 'other', disclosure: '主动公开' });
    assert.equal(save.statusCode, 303, save.body.slice(0, 400));
    const switched = await post('c-ed', `/admin/documents/${made.value.id}`, { title: '用停用体裁的文件（改）', unitId: String(zfb), genre: 'yijian', topic: 'zhzw.zwgk' });
    assert.equal(switched.statusCode, 303);
    const back = await post('c-ed', `/admin/documents/${made.value.id}`, { title: '用停用体裁的文件（改）', unitId: String(zfb), genre: 'tongzhi' });
    assert.equal(back.statusCode, 400);
    assert.match(back.body, /体裁分类不存在/);

    const reactivateChild = await post('c-admin', `/admin/terms/${child.id}/activate`, {});
    assert.equal(reactivateChild.statusCode, 409);
    assert.match(reactivateChild.body, /请先启用上级分类/);
    assert.equal((await post('c-admin', `/admin/terms/${zhzw.id}/activate`, {})).statusCode, 303);
    assert.equal((await t.db.selectFrom('terms').select('active').where('id', '=', zhzw.id).executeTakeFirstOrThrow()).active, 1);
    assert.equal((await audits('term', zhzw.id))[0].action, 'term.activate');
  });

  it('unknown terms are 404 pages', async () => {
    assert.equal((await (await as('c-admin')).b.get('/admin/terms/999999')).statusCode, 404);
  });
});

describe('audit log and tasks', () => {
  before(async () => {
    assert.ok((await createDocument({ db: t.db }, users.editor, { title: '政府办审计可见性测试', unitId: zfb })).ok);
    assert.ok((await createDocument({ db: t.db }, users.otherEd, { title: '教育局审计可见性测试', unitId: jyj })).ok);
  });

  it('an auditor reads the log of their own units only', async () => {
    const { b } = await as('c-aud');
    const res = await b.get('/admin/audit?entity=document');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /政府办审计可见性测试/);
    assert.doesNotMatch(res.body, /教育局审计可见性测试/);
    assert.match(res.body, /新建文件/);
  });

  it('a platform admin reads everything; filters by entity and id', async () => {
    const { b } = await as('c-admin');
    const res = await b.get('/admin/audit');
    assert.match(res.body, /政府办审计可见性测试/);
    assert.match(res.body, /教育局审计可见性测试/);
    const users = await b.get('/admin/audit?entity=user');
    assert.doesNotMatch(users.body, /审计可见性测试/);
    assert.match(users.body, /登录/);
  });

  it('is refused to editors', async () => {
    const res = await (await as('c-ed')).b.get('/admin/audit');
    assert.equal(res.statusCode, 403);
  });

  it('tells an auditor there is nothing to do', async () => {
    const res = await (await as('c-aud')).b.get('/admin');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /没有待办事项/);
  });

  it('shows an editor their drafts with a count', async () => {
    const res = await (await as('c-ed')).b.get('/admin');
    assert.match(res.body, /我的草稿（1）/);
    assert.match(res.body, /政府办审计可见性测试/);
  });

  it('shows each role only the menu entries it may open', async () => {
    const nav = async (name: string) => {
      const res = await (await as(name)).b.get('/admin');
      const block = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(res.body)?.[0] ?? '';
      // The entries of the features this test knows; features added later bring their own entries, which
      // console-links.test.ts checks for every role (each shown entry opens, none hidden that may open).
      return [...block.matchAll(/href="(\/admin[^"]*)"/g)].map((m) => m[1]).filter((h) => CORE.has(h));
    };
    const CORE = new Set(['/admin', '/admin/documents', '/admin/review', '/admin/requests', '/admin/reports', '/admin/units', '/admin/users', '/admin/terms', '/admin/calendar', '/admin/audit', '/admin/search-stats', '/admin/mail']);
    assert.deepEqual(await nav('c-ed'), ['/admin', '/admin/documents', '/admin/reports', '/admin/search-stats']);
    assert.deepEqual(await nav('c-aud'), ['/admin', '/admin/documents', '/admin/requests', '/admin/reports', '/admin/audit']);
    assert.deepEqual(await nav('c-ua'), ['/admin', '/admin/documents', '/admin/review', '/admin/requests', '/admin/reports', '/admin/units', '/admin/users', '/admin/audit', '/admin/search-stats']);
    assert.deepEqual(await nav('c-admin'), ['/admin', '/admin/documents', '/admin/review', '/admin/requests', '/admin/reports', '/admin/units', '/admin/users', '/admin/terms', '/admin/calendar', '/admin/audit', '/admin/search-stats', '/admin/mail']);
  });
});
