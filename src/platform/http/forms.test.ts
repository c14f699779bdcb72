// parseForm: a form post read against its schema — only its fields, the first of a repeated name, every value of an
// array field, text turned into integers and booleans — and a value the schema refuses gets the API validator's own
// Chinese message for that field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { multipartFields, parseForm, textForm } from './forms.ts';
import { typeboxValidatorCompiler } from './validator.ts';

const Form = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 10 }),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  urgent: Type.Boolean(),
  unitIds: Type.Array(Type.Integer()),
  note: Type.Optional(Type.String()),
});

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AppError && e.code === 'VALIDATION', String(e));
    return e;
  }
  assert.fail('not refused');
}

describe('parseForm', () => {
  it('reads a form the way browsers send it', () => {
    assert.deepEqual(parseForm(Form, { title: ['甲', '乙'], year: ' 2024 ', urgent: 'on', unitIds: ['3', '', '7'], stray: 'x', _csrf: 't' }), {
      title: '甲',
      year: 2024,
      urgent: true,
      unitIds: [3, 7],
    });
    // An unticked checkbox is not sent; an empty number field counts as absent; a single value of an array field is a list of one.
    assert.deepEqual(parseForm(Form, { title: '甲', year: '', unitIds: '5' }), { title: '甲', urgent: false, unitIds: [5] });
  });

  it('refuses what the schema refuses with the API validator’s message for the same field', () => {
    const api = typeboxValidatorCompiler({ schema: Form, httpPart: 'body' });
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '甲', year: '二〇二四', unitIds: [] }, 'year'],
      [{ title: '甲', year: '1999', unitIds: [] }, 'year'],
      [{ title: '', unitIds: [] }, 'title'],
      [{ title: '一二三四五六七八九十十一', unitIds: [] }, 'title'],
      [{ title: '甲', unitIds: ['3', 'x'] }, 'unitIds.1'],
      [{ title: '甲', urgent: 'maybe', unitIds: [] }, 'urgent'],
    ];
    for (const [form, field] of cases) {
      const e = refusal(() => parseForm(Form, form));
      assert.ok(e.fields?.[field], `${JSON.stringify(form)} → ${JSON.stringify(e.fields)}`);
      // The same mistake in a JSON body (typed the way the form's text was meant) gets the same message.
      const json: Record<string, unknown> = { urgent: false, ...form };
      if (field === 'year') json.year = form.year === '1999' ? 1999 : form.year;
      if (field === 'unitIds.1') json.unitIds = [3, 'x'];
      const r = api(json);
      assert.ok('error' in r, JSON.stringify(json));
      assert.equal((r.error as AppError).fields?.[field], e.fields[field], `${field}: form and API say the same`);
    }
    assert.equal(refusal(() => parseForm(Form, {})).fields?.title, '此项为必填项');
    // The error page names a field by its label when the schema gives one.
    const Labelled = Type.Object({ userId: Type.Integer({ title: '值班人员' }), ids: Type.Array(Type.Integer(), { title: '关联文件' }), raw: Type.Optional(Type.Integer()) });
    assert.deepEqual(refusal(() => parseForm(Labelled, { userId: '张三', ids: ['1', 'x'], raw: 'y' })).labels, { userId: '值班人员', 'ids.1': '关联文件 第 2 项' });
  });

  it('refuses a body that is not a form, and ignores inherited names', () => {
    assert.match(refusal(() => parseForm(Form, 'title=1')).message, /表单/);
    assert.match(refusal(() => parseForm(Form, ['title'])).message, /表单/);
    const T = textForm(['a', 'b'], 't');
    assert.deepEqual(parseForm(T, Object.assign(Object.create({ a: 'inherited' }), { b: 2 })), { b: '2' });
    assert.deepEqual(parseForm(T, undefined), {});
    assert.deepEqual(parseForm(T, { a: { nested: 1 } }), { a: '' });
  });

  it('gathers multipart text fields for the same parse', () => {
    const m = multipartFields();
    for (const [fieldname, value] of [['title', '甲'], ['unitIds', '1'], ['unitIds', '2'], ['__proto__', 'x'], ['note', 'a\u0000b']] as const) m.onField({ fieldname, value });
    assert.deepEqual(parseForm(Form, m.fields), { title: '甲', urgent: false, unitIds: [1, 2], note: 'ab' });
  });
});
