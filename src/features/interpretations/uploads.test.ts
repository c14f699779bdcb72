// 政策解读 uploads (issue 16): 图解 images, audio/video files and 解读会 photos are uploaded, typed by their
// content, limited in size, each image with alt text and a text equivalent, served with the right type to
// whoever may see them (ranges for players); refused uploads leave nothing; address-based items keep working.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildTestApp, makeUser, multipart, staffSessions, unitId, type MultipartPart, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../documents/public.ts';
import { createInterpretation, saveMedia } from './commands.ts';
import { checkUpload, IMAGE_MAX_BYTES, sniff } from './upload-rules.ts';
import { parseRange } from './files.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const MP3 = Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.alloc(200, 7)]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

describe('interpretation uploads: the rules (pure)', () => {
  it('reads the type from the first bytes, not the name', () => {
    const cases: [string, Buffer, string | null][] = [
      ['png', PNG, 'image/png'],
      ['gif', GIF, 'image/gif'],
      ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
      ['webp', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'image/webp'],
      ['wav', Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'), 'audio/wav'],
      ['mp3 (ID3)', MP3, 'audio/mpeg'],
      ['mp3 (frame)', Buffer.from([0xff, 0xfb, 0x90, 0x64]), 'audio/mpeg'],
      ['mp4', Buffer.from('\x00\x00\x00\x18ftypisom', 'latin1'), 'video/mp4'],
      ['m4a', Buffer.from('\x00\x00\x00\x18ftypM4A ', 'latin1'), 'audio/mp4'],
      ['webm', Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f]), 'video/webm'],
      ['ogg', Buffer.from('OggS\x00\x02', 'latin1'), 'audio/ogg'],
      ['svg (script-capable, refused)', SVG, null],
      ['html', Buffer.from('<!doctype html><script>'), null],
      ['empty', Buffer.alloc(0), null],
    ];
    for (const [name, head, want] of cases) assert.equal(sniff(head.subarray(0, 32)), want, name);
  });

  it('each form takes its kind of file within its size limit, with a Chinese message naming the file', () => {
    const cases: [string, string | null, number, RegExp | null][] = [
      ['graphic', 'image/png', 1000, null],
      ['graphic', 'image/png', IMAGE_MAX_BYTES + 1, /图片“a”过大：不能超过 10 MB/],
      ['graphic', null, 10, /文件“a”不是图片：图解请上传 JPG、PNG、GIF 或 WebP 格式的图片/],
      ['photo', 'audio/mpeg', 10, /照片请上传/],
      ['audio', 'audio/mpeg', 10, null],
      ['audio', 'video/mp4', 10, /不是可播放的音频/],
      ['video', 'video/mp4', 10, null],
      ['animation', 'video/webm', 10, null],
      ['video', 'image/png', 10, /不是可播放的视频/],
      ['video', 'video/mp4', 51 * 1024 * 1024, /过大：不能超过 50 MB/],
    ];
    for (const [form, mime, size, want] of cases) {
      const got = checkUpload(form, { mime, size, filename: 'a' }, 50 * 1024 * 1024);
      if (want) assert.match(got ?? '', want, `${form} ${mime} ${size}`);
      else assert.equal(got, null, `${form} ${mime} ${size}`);
    }
  });

  it('byte ranges', () => {
    const cases: [string | undefined, ReturnType<typeof parseRange>][] = [
      [undefined, null],
      ['bytes=0-3', { start: 0, end: 3 }],
      ['bytes=10-', { start: 10, end: 99 }],
      ['bytes=-10', { start: 90, end: 99 }],
      ['bytes=50-500', { start: 50, end: 99 }],
      ['bytes=100-', 'invalid'],
      ['bytes=5-2', 'invalid'],
      ['bytes=-0', 'invalid'],
      ['bytes=0-1,5-6', null],
      ['items=0-1', null],
    ];
    for (const [h, want] of cases) assert.deepEqual(parseRange(h, 100), want, String(h));
  });
});

describe('interpretation uploads over HTTP', () => {
  let t: TestApp;
  let ed: Actor;
  let rv: Actor;
  let zfb: number;
  let policyId: number;
  let staff: ReturnType<typeof staffSessions>;
  const checks = { checks: { political: true, policy: true, wording: true } };
  const tmpFiles = () => (fs.existsSync(path.join(t.app.files.root, 'tmp')) ? fs.readdirSync(path.join(t.app.files.root, 'tmp')).length : 0);

  const send = async (who: string, url: string, parts: MultipartPart[]) => {
    const s = await staff.as(who);
    const body = parts.map((p) => (p.filename !== undefined ? p : p));
    const m = multipart([{ name: '_csrf', value: s.csrf }, ...body]);
    return t.app.inject({ method: 'POST', url, headers: { ...m.headers, cookie: s.b.cookieHeader() }, payload: m.payload });
  };
  const row = (i: number, v: Record<string, string | Buffer>): MultipartPart[] =>
    Object.entries(v).map(([k, x]) => (Buffer.isBuffer(x) ? { name: `media.${i}.file`, filename: k, content: x } : { name: `media.${i}.${k}`, value: x }));

  before(async () => {
    t = await buildTestApp();
    zfb = await unitId(t, 'zfb');
    ed = await makeUser(t, 'up-ed', 'editor', 'zfb');
    rv = await makeUser(t, 'up-rv', 'reviewer', 'zfb');
    staff = staffSessions(() => t.app);
    const p = await createDocument({ db: t.db }, ed, { title: '关于加强养老服务的实施意见', unitId: zfb, kind: 'normative', genre: 'banfa', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>正文</p>', writtenOn: '2026-11-02' });
    assert.ok(p.ok);
    policyId = p.value.id;
    assert.ok((await submitDocument({ db: t.db }, ed, policyId)).ok);
    assert.ok((await approveDocument({ db: t.db }, rv, policyId, checks)).ok);
    assert.ok((await publishDocument({ db: t.db }, rv, policyId, {})).ok);
  });
  after(async () => t?.close());

  it('uploads a 图解 image and an audio file beside a video link; refused uploads leave nothing; files are served by type and visibility', async () => {
    const r = await createInterpretation(t.db, ed, { title: '图解：养老服务实施意见', policyIds: [policyId], writtenOn: '2026-11-03', summary: '图解。' });
    assert.ok(r.ok);
    const id = r.value.id;
    const url = `/admin/interpretations/${id}/media`;
    const base = tmpFiles();

    // Refused: an SVG named .png (not an image we accept), and a GIF without alt text. Nothing is saved, no file stays.
    const bad = await send('up-ed', url, [
      ...row(0, { form: 'graphic', 'evil.png': SVG, alt: '图', text: '文字版' }),
      ...row(1, { form: 'graphic', 'b.gif': GIF, alt: '', text: '文字版' }),
      ...row(2, { form: 'video', url: '', caption: '没有文件的视频', text: '' }),
    ]);
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.body, /第 1 项：文件“evil.png”不是图片：图解请上传 JPG、PNG、GIF 或 WebP 格式的图片/);
    assert.match(bad.body, /第 2 项：图解图片必须填写替代文字/);
    assert.match(bad.body, /第 3 项：请上传文件或填写链接地址/);
    assert.match(bad.body, /第 3 项：视频必须提供文字稿/);
    assert.equal((await t.db.selectFrom('interpretation_media').select('id').where('interpretation_id', '=', id).execute()).length, 0);
    assert.equal(tmpFiles(), base);
    assert.equal((await t.db.selectFrom('files').select('sha256').execute()).length, 0);

    // Too large a file (over the site's upload limit, MAX_UPLOAD_MB; 2 MB in tests): a field error, nothing kept.
    const big = Buffer.concat([PNG, Buffer.alloc(t.app.config.maxUploadBytes)]);
    const tooBig = await send('up-ed', url, row(0, { form: 'graphic', 'big.png': big, alt: '图', text: '文字版' }));
    assert.equal(tooBig.statusCode, 413);
    assert.match(tooBig.body, /文件“big.png”过大：单个文件不能超过 \d+ MB/);
    assert.equal(tmpFiles(), base);

    const ok = await send('up-ed', url, [
      ...row(0, { form: 'graphic', 'yanglao.png': PNG, caption: '养老服务四项措施', alt: '图解：养老服务的四项措施', text: '一、居家养老；二、社区养老；三、机构养老；四、医养结合。' }),
      ...row(1, { form: 'audio', 'jiedu.mp3': MP3, caption: '音频解读', text: '音频文字稿。' }),
      ...row(2, { form: 'video', url: 'https://example.gov.cn/v.mp4', caption: '视频', text: '视频文字稿。' }),
      ...row(3, { form: 'graphic', url: '', caption: '', alt: '', text: '' }), // a blank row is dropped
    ]);
    assert.equal(ok.statusCode, 303, ok.body);
    const media = await t.db.selectFrom('interpretation_media').selectAll().where('interpretation_id', '=', id).orderBy('position').execute();
    assert.deepEqual(media.map((m) => [m.form, m.mime, m.filename, m.url.startsWith('/zcjd/files/') || m.url]), [
      ['graphic', 'image/png', 'yanglao.png', true],
      ['audio', 'audio/mpeg', 'jiedu.mp3', true],
      ['video', null, null, 'https://example.gov.cn/v.mp4'],
    ]);
    const [img, audio] = media;
    assert.ok(t.app.files.exists(img!.sha256!) && t.app.files.exists(audio!.sha256!));
    assert.equal((await t.db.selectFrom('files').select('sha256').where('sha256', 'in', [img!.sha256!, audio!.sha256!]).execute()).length, 2);
    const auditRow = await t.db.selectFrom('audit_log').select('after_json').where('action', '=', 'interpretation.media').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(auditRow.after_json!, new RegExp(img!.sha256!));

    // A draft's file: staff of the unit see it; the public does not.
    assert.equal((await t.app.inject(img!.url)).statusCode, 404);
    const mine = await (await staff.as('up-ed')).b.get(img!.url);
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.headers['content-type'], 'image/png');
    assert.equal(mine.headers['x-content-type-options'], 'nosniff');
    assert.equal((await t.app.inject('/zcjd/files/' + 'a'.repeat(64))).statusCode, 404);
    assert.equal((await t.app.inject('/zcjd/files/../../etc/passwd')).statusCode, 404);

    // Saving again keeps the uploaded files (by their hidden sha256) and changes the text; a foreign one is refused.
    const again = await send('up-ed', url, [
      ...row(0, { form: 'graphic', sha256: img!.sha256!, caption: '养老服务四项措施', alt: '图解：养老服务的四项措施（修订）', text: '文字版。' }),
      ...row(1, { form: 'audio', sha256: audio!.sha256!, text: '音频文字稿。' }),
    ]);
    assert.equal(again.statusCode, 303, again.body);
    const kept = await t.db.selectFrom('interpretation_media').select(['sha256', 'alt_text']).where('interpretation_id', '=', id).orderBy('position').execute();
    assert.deepEqual(kept, [{ sha256: img!.sha256, alt_text: '图解：养老服务的四项措施（修订）' }, { sha256: audio!.sha256, alt_text: null }]);
    const foreign = await send('up-ed', url, row(0, { form: 'graphic', sha256: 'b'.repeat(64), alt: '图', text: '文' }));
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /所保留的文件不属于这篇解读，请重新上传/);
    // A kept audio file cannot become a 图解.
    const wrongKind = await send('up-ed', url, row(0, { form: 'graphic', sha256: audio!.sha256!, alt: '图', text: '文' }));
    assert.equal(wrongKind.statusCode, 400);
    assert.match(wrongKind.body, /不适合“图解”/);

    // Published: the public page shows the image with its alt text and an audio player; files are public, with ranges.
    assert.ok((await submitDocument({ db: t.db }, ed, id)).ok);
    assert.ok((await approveDocument({ db: t.db }, rv, id, checks)).ok);
    assert.ok((await publishDocument({ db: t.db }, rv, id, {})).ok);
    const page = await t.app.inject(`/xxgk/documents/${id}`);
    assert.match(page.body, new RegExp(`<img src="/zcjd/files/${img!.sha256}" alt="图解：养老服务的四项措施（修订）"`));
    assert.match(page.body, new RegExp(`<audio controls="" preload="none" src="/zcjd/files/${audio!.sha256}"|<audio controls preload="none" src="/zcjd/files/${audio!.sha256}"`));
    const pub = await t.app.inject(img!.url);
    assert.equal(pub.statusCode, 200);
    assert.equal(pub.headers['content-type'], 'image/png');
    assert.match(String(pub.headers['cache-control']), /public/);
    assert.deepEqual(pub.rawPayload, PNG);
    const part = await t.app.inject({ url: audio!.url, headers: { range: 'bytes=0-3' } });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], `bytes 0-3/${MP3.length}`);
    assert.deepEqual(part.rawPayload, MP3.subarray(0, 4));
    assert.equal((await t.app.inject({ url: audio!.url, headers: { range: `bytes=${MP3.length}-` } })).statusCode, 416);
    // The API's detail gives the file's address; sending it back keeps the file (no sha256 needed).
    const detail = (await t.app.inject(`/api/v1/interpretations/${id}`)).json();
    assert.equal(detail.media[0].url, img!.url);
  });

  it('existing address-based 图解 keep working: the page shows them and a re-save keeps the address', async () => {
    const r = await createInterpretation(t.db, ed, { title: '旧图解', policyIds: [policyId], writtenOn: '2026-11-03', summary: '旧。' });
    assert.ok(r.ok);
    await t.db.insertInto('interpretation_media').values({ interpretation_id: r.value.id, form: 'graphic', position: 1, url: '/zcjd/demo/jiuye-2020.svg', caption: '旧图', alt_text: '旧图解', text: '旧文字版', sha256: null, mime: null, size: null, filename: null }).execute();
    const console = await (await staff.as('up-ed')).b.get(`/admin/interpretations/${r.value.id}`);
    assert.match(console.body, /value="\/zcjd\/demo\/jiuye-2020.svg"/);
    const again = await saveMedia(t.db, ed, r.value.id, [{ form: 'graphic', url: '/zcjd/demo/jiuye-2020.svg', caption: '旧图', alt: '旧图解（改）', text: '旧文字版' }]);
    assert.ok(again.ok, JSON.stringify(!again.ok && again.error.fields));
    const other = await saveMedia(t.db, ed, r.value.id, [{ form: 'graphic', url: '/zcjd/demo/yibao-2024.svg', alt: '图', text: '文' }]);
    assert.deepEqual(!other.ok && other.error.fields, { 'media.0.file': '第 1 项：图解请上传图片文件（JPG、PNG、GIF 或 WebP）' });
  });

  it('解读会 photos are uploaded with alt text and shown on the public policy page', async () => {
    const url = `/admin/interpretations/policy/${policyId}/meetings`;
    const fields = (extra: MultipartPart[]) => [
      { name: 'heldOn', value: '2026-11-20' },
      { name: 'place', value: '区民政局会议室' },
      { name: 'organiser', value: '区民政局' },
      { name: 'audience', value: '养老机构代表' },
      { name: 'questions', value: '问：补贴何时发放？答：按季度发放。' },
      ...extra,
    ];
    const noAlt = await send('up-ed', url, fields([{ name: 'photos.0.file', filename: 'hui.gif', content: GIF }, { name: 'photos.0.alt', value: '' }]));
    assert.equal(noAlt.statusCode, 400);
    assert.match(noAlt.body, /第 1 张照片：请填写替代文字/);
    const notImage = await send('up-ed', url, fields([{ name: 'photos.0.file', filename: 'hui.png', content: MP3 }, { name: 'photos.0.alt', value: '会场' }]));
    assert.equal(notImage.statusCode, 400);
    assert.match(notImage.body, /文件“hui.png”不是图片：照片请上传/);
    assert.equal((await t.db.selectFrom('interpretation_meetings').select('id').where('policy_id', '=', policyId).execute()).length, 0);
    const base = tmpFiles();
    const empty = await send('up-ed', url, fields([{ name: 'photos.0.file', filename: 'hui.gif', content: GIF }, { name: 'photos.1.file', filename: '空.gif', content: Buffer.alloc(0) }, { name: 'photos.0.alt', value: '会场' }]));
    assert.equal(empty.statusCode, 413);
    assert.match(empty.body, /文件“空.gif”是空文件（0 字节），请检查后重新选择/);
    assert.equal(tmpFiles(), base);
    // A hostile form: a repeated text field counts once — its first value (the last one won before) — and stray
    // fields are ignored; the refused form keeps nothing.
    const twice = await send('up-ed', url, fields([{ name: 'photos.0.file', filename: 'hui.gif', content: GIF }, { name: 'photos.0.alt', value: '' }, { name: 'photos.0.alt', value: '第二个说明不算' }, { name: 'policy_id', value: '1' }, { name: 'photos', value: 'x' }]));
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /第 1 张照片：请填写替代文字/);
    assert.equal((await t.db.selectFrom('interpretation_meetings').select('id').where('policy_id', '=', policyId).execute()).length, 0);
    assert.equal(tmpFiles(), base);
    // A second file under the same name is not kept (the first is): one photo, nothing left staged.
    const ok = await send('up-ed', url, fields([{ name: 'photos.0.file', filename: 'hui.gif', content: GIF }, { name: 'photos.0.file', filename: 'again.png', content: PNG }, { name: 'photos.0.alt', value: '解读会现场，工作人员回答提问' }]));
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal(tmpFiles(), base);
    const m = await t.db.selectFrom('interpretation_meetings').select('photos').where('policy_id', '=', policyId).executeTakeFirstOrThrow();
    const photos = JSON.parse(m.photos) as { url: string; alt: string; sha256: string; mime: string }[];
    assert.equal(photos.length, 1);
    assert.equal(photos[0]!.mime, 'image/gif');
    const page = await t.app.inject(`/xxgk/documents/${policyId}`);
    assert.match(page.body, new RegExp(`<img src="${photos[0]!.url}" alt="解读会现场，工作人员回答提问"`));
    const img = await t.app.inject(photos[0]!.url);
    assert.equal(img.statusCode, 200);
    assert.equal(img.headers['content-type'], 'image/gif');
  });
});
