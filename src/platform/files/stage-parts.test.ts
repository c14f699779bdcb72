// stageFileParts: the one upload loop of the multipart forms — every file staged, the first refusal kept,
// everything staged in the request discarded on a refusal or an error, the rest of the form drained.
// readFirstFile: the first file of an import form in memory, a larger one named, the reader's refusal returned.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Multipart } from '@fastify/multipart';
import { AppError } from '../errors.ts';
import { FileStore, readFirstFile, stageFileParts } from './index.ts';

let root = '';
let store: FileStore;
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-parts-'));
  store = new FileStore(root);
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

const staged = () => (fs.existsSync(path.join(root, 'tmp')) ? fs.readdirSync(path.join(root, 'tmp')) : []);

/** A multipart form's parts; a file part records whether its stream was read or drained. */
function form(items: ({ field: string; value: string } | { filename: string; content: string } | { throws: Error })[], drained: string[] = []) {
  return (async function* (): AsyncGenerator<Multipart> {
    for (const it of items) {
      if ('throws' in it) throw it.throws;
      if ('field' in it) {
        yield { type: 'field', fieldname: it.field, value: it.value } as unknown as Multipart;
        continue;
      }
      const file = Readable.from([Buffer.from(it.content)]);
      const resume = file.resume.bind(file);
      (file as any).resume = () => (drained.push(it.filename), resume());
      yield { type: 'file', fieldname: 'file', filename: it.filename, file } as unknown as Multipart;
    }
  })();
}

const stage = async (part: { file: Readable; filename: string }) => ({ ...(await store.stage(part.file, 10)), filename: part.filename });

test('every file part is staged, in order; fields go to onField; parts without a filename are drained', async () => {
  const fields: string[] = [];
  const drained: string[] = [];
  const r = await stageFileParts(form([{ field: 'alt', value: '照片说明' }, { filename: 'a.txt', content: 'aaa' }, { filename: '', content: 'x' }, { filename: 'b.txt', content: 'bb' }], drained), stage, {
    onField: (f) => fields.push(`${f.fieldname}=${f.value}`),
  });
  assert.equal(r.refusal, null);
  assert.deepEqual(r.files.map((f) => [f.filename, f.size]), [['a.txt', 3], ['b.txt', 2]]);
  assert.deepEqual(fields, ['alt=照片说明']);
  assert.deepEqual(drained, ['']);
  assert.equal(staged().length, 2);
  for (const f of r.files) await f.staged!.discard();
  assert.equal(staged().length, 0);
});

test('the first refusal is kept: files staged before it are discarded, later ones drained and not staged', async () => {
  const drained: string[] = [];
  const r = await stageFileParts(form([{ filename: 'ok.txt', content: 'ok' }, { filename: '大文件.pdf', content: 'x'.repeat(11) }, { filename: '空.doc', content: '' }, { filename: 'later.txt', content: 'l' }], drained), stage);
  assert.deepEqual(r.files, []);
  assert.ok(r.refusal instanceof AppError);
  assert.equal(r.refusal.code, 'PAYLOAD_TOO_LARGE');
  assert.match(r.refusal.message, /上传的文件过大/);
  assert.deepEqual(drained, ['大文件.pdf', '空.doc', 'later.txt']);
  assert.equal(staged().length, 0);
});

test('an error of the form reader after a refusal (its own size limit) leaves the first refusal as the answer', async () => {
  const r = await stageFileParts(form([{ filename: 'ok.txt', content: 'ok' }, { filename: '空.doc', content: '' }, { throws: Object.assign(new Error('request file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' }) }]), stage);
  assert.equal(r.refusal?.code, 'VALIDATION');
  assert.match(r.refusal!.message, /空文件/);
  assert.equal(staged().length, 0);
});

test('an error before any refusal (a wrong CSRF token, the reader failing) discards what was staged and is thrown on', async () => {
  await assert.rejects(stageFileParts(form([{ filename: 'ok.txt', content: 'ok' }, { throws: new AppError('CSRF') }]), stage), (e: unknown) => e instanceof AppError && e.code === 'CSRF');
  assert.equal(staged().length, 0);
  // Not a refusal: an unexpected error of the stage step itself.
  await assert.rejects(
    stageFileParts(form([{ filename: 'ok.txt', content: 'ok' }, { filename: 'b.txt', content: 'b' }]), async (p) => {
      if (p.filename === 'b.txt') throw new Error('disk full');
      return stage(p);
    }),
    /disk full/,
  );
  assert.equal(staged().length, 0);
});

test('max: files past it are drained, not staged', async () => {
  const drained: string[] = [];
  const r = await stageFileParts(form([{ filename: 'one.jpg', content: '1' }, { filename: 'two.jpg', content: '2' }], drained), stage, { max: 1 });
  assert.deepEqual(r.files.map((f) => f.filename), ['one.jpg']);
  assert.deepEqual(drained, ['two.jpg']);
  await r.files[0]!.staged!.discard();
});

test('readFirstFile: the first file with a name, in memory; later files drained', async () => {
  const drained: string[] = [];
  const r = await readFirstFile(form([{ field: 'year', value: '2025' }, { filename: '', content: '' }, { filename: '目录.xlsx', content: 'PK..' }, { filename: 'second.xlsx', content: 'x' }], drained), 10);
  assert.deepEqual([r.file?.filename, r.file?.bytes.toString(), r.oversized, r.error], ['目录.xlsx', 'PK..', null, null]);
  assert.deepEqual(drained, ['', 'second.xlsx']);
});

test('readFirstFile: a file over the limit is named, not kept; an error of the reader is returned, a CSRF refusal thrown', async () => {
  const big = await readFirstFile(form([{ filename: '大表.xlsx', content: 'x'.repeat(11) }, { throws: Object.assign(new Error('request file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' }) }]), 10);
  assert.deepEqual([big.file, big.oversized, big.error], [null, '大表.xlsx', null]);
  const parts = await readFirstFile(form([{ throws: Object.assign(new Error('too many parts'), { code: 'FST_PARTS_LIMIT' }) }]), 10);
  assert.equal(parts.error?.code, 'PAYLOAD_TOO_LARGE');
  await assert.rejects(readFirstFile(form([{ throws: new AppError('CSRF') }]), 10), (e: unknown) => e instanceof AppError && e.code === 'CSRF');
});
