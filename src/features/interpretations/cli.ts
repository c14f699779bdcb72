// `gongkai interpretations export <file.jsonl>` and `gongkai interpretations import <file.jsonl>`: interpretations
// and their 简明问答 pairs as JSON Lines. Export: one line per interpretation (any status) with its policies
// (id, 索引号, title), forms and pairs. Import: each line becomes a draft interpretation (reviewed and published
// through the usual workflow), its policies named by 索引号 or document id; a bad line is reported by number
// (with the field) and nothing of it is written — the other lines are imported. `adopt`: see adopt.ts.
import fs from 'node:fs';
import readline from 'node:readline';
import type { CliCommand } from '../../platform/modules.ts';
import type { Db } from '../../platform/db/index.ts';
import { UsageError } from '../../platform/cli.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { createInterpretation, saveMedia, saveQa } from './commands.ts';
import { parseMedia, parseQa } from './forms.ts';
import { mediaOf, policiesOf, qaOf } from './repository.ts';
import { adoptInterpretations } from './adopt.ts';

async function exportInterpretations(db: Db, write: (line: string) => void): Promise<number> {
  const rows = await db
    .selectFrom('interpretations')
    .innerJoin('documents', 'documents.id', 'interpretations.document_id')
    .innerJoin('units', 'units.id', 'documents.unit_id')
    .select(['documents.id', 'documents.title', 'documents.status', 'documents.index_no', 'documents.written_on', 'documents.published_at', 'documents.summary', 'documents.body', 'units.code as unit'])
    .orderBy('documents.id')
    .execute();
  for (const r of rows) {
    const [policies, media, qa] = await Promise.all([policiesOf(db, [r.id], false), mediaOf(db, r.id), qaOf(db, r.id)]);
    const ids = (policies.get(r.id) ?? []).map((p) => p.id);
    const indexNos = ids.length ? await db.selectFrom('documents').select(['id', 'index_no']).where('id', 'in', ids).execute() : [];
    write(
      JSON.stringify({
        id: r.id,
        title: r.title,
        status: r.status,
        indexNo: r.index_no,
        unit: r.unit,
        writtenOn: r.written_on,
        publishedAt: r.published_at,
        summary: r.summary,
        body: r.body,
        policies: (policies.get(r.id) ?? []).map((p) => ({ id: p.id, indexNo: indexNos.find((x) => x.id === p.id)?.index_no ?? null, title: p.title })),
        media: media.map((m) => ({ form: m.form, url: m.url, caption: m.caption, alt: m.alt_text, text: m.text })),
        qa: qa.map((q) => ({ id: q.id, question: q.question, answer: q.answer })),
      }),
    );
  }
  return rows.length;
}

/** Imports one parsed line; returns the new id or a message naming the field. */
async function importInterpretation(db: Db, rec: Record<string, unknown>): Promise<number | string> {
  const actor = systemActor('命令行导入');
  const refs = Array.isArray(rec.policies) ? rec.policies : [];
  const policyIds: number[] = [];
  for (const ref of refs) {
    const key = typeof ref === 'object' && ref ? ((ref as Record<string, unknown>).indexNo ?? (ref as Record<string, unknown>).id) : ref;
    const row =
      typeof key === 'number' || /^\d+$/.test(String(key))
        ? await db.selectFrom('documents').select('id').where('id', '=', Number(key)).executeTakeFirst()
        : await db.selectFrom('documents').select('id').where('index_no', '=', String(key)).executeTakeFirst();
    if (!row) return `policies：找不到政策文件“${String(key)}”（可填写索引号或文件编号）`;
    policyIds.push(row.id);
  }
  // Addresses in the file (links, or files of another site) are kept as they are: trusted migration data.
  const media = parseMedia(rec.media ?? [], { kept: new Map(), legacyUrls: 'any', maxBytes: 0 });
  const qa = parseQa((Array.isArray(rec.qa) ? rec.qa : []).map((q: any) => ({ question: q?.question, answer: q?.answer })));
  const errors = { ...media.errors, ...qa.errors };
  if (Object.keys(errors).length) return Object.entries(errors).map(([k, v]) => `${k}：${v}`).join('；');
  let unitId: number | undefined;
  if (rec.unit !== undefined) {
    const u = await db.selectFrom('units').select('id').where('code', '=', String(rec.unit)).executeTakeFirst();
    if (!u) return `unit：单位“${String(rec.unit)}”不存在`;
    unitId = u.id;
  }
  const input: Record<string, unknown> = { title: rec.title, policyIds, unitId };
  for (const k of ['writtenOn', 'summary', 'body', 'topic']) if (typeof rec[k] === 'string' && rec[k]) input[k] = rec[k];
  const created = await createInterpretation(db, actor, input);
  if (!created.ok) return Object.entries(created.error.fields ?? {}).map(([k, v]) => `${k}：${v}`).join('；') || created.error.message;
  if (media.value.length) await saveMedia(db, actor, created.value.id, media.value, { anyAddress: true });
  if (qa.value.length) await saveQa(db, actor, created.value.id, qa.value);
  return created.value.id;
}

export const interpretationsCommand: CliCommand = {
  help: `  interpretations export <文件.jsonl>      导出政策解读及其简明问答（JSON Lines）
  interpretations import <文件.jsonl>      导入政策解读（草稿，按索引号或文件编号关联政策），逐行报告错误
  interpretations adopt [--dry-run]       把此前发布的体裁为“解读”的文件转为政策解读：按文中的文号或《标题》关联政策，
                                          不能确定的列出来由工作人员关联；可重复运行`,
  async run(args, { db, log }) {
    const sub = args.shift();
    if (sub === 'adopt') {
      const dryRun = args.includes('--dry-run');
      const r = await adoptInterpretations(db, { dryRun });
      log(`${dryRun ? '（试运行，未写入）' : ''}转为政策解读 ${r.adopted.length} 篇，不能确定所解读政策的 ${r.unresolved.length} 篇`);
      for (const a of r.adopted) log(`  已转换：编号 ${a.id}《${a.title}》→ 政策文件编号 ${a.policyIds.join('、')}`);
      if (r.unresolved.length) log('以下文件请在“后台 → 政策解读”中新建解读或在文件中写明所解读政策的文号、《标题》后重新运行：');
      for (const u of r.unresolved) log(`  编号 ${u.id}《${u.title}》：${u.reason}`);
      return 0;
    }
    const file = args.shift();
    if ((sub !== 'export' && sub !== 'import') || !file) throw new UsageError('用法：interpretations export|import <文件.jsonl>，或 interpretations adopt [--dry-run]');
    if (sub === 'export') {
      const out = fs.createWriteStream(file);
      const n = await exportInterpretations(db, (line) => out.write(line + '\n'));
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      log(`已导出 ${n} 篇政策解读到 ${file}`);
      return 0;
    }
    if (!fs.existsSync(file)) {
      log(`文件不存在：${file}`);
      return 1;
    }
    let line = 0;
    let created = 0;
    const problems: string[] = [];
    for await (const text of readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(text);
      } catch {
        problems.push(`第 ${line} 行：不是有效的 JSON`);
        continue;
      }
      const r = await importInterpretation(db, rec);
      if (typeof r === 'number') created++;
      else problems.push(`第 ${line} 行：${r}`);
    }
    log(`读取 ${line} 行：新增 ${created} 篇解读（草稿），失败 ${problems.length}`);
    for (const p of problems.slice(0, 200)) log(`  ${p}`);
    return problems.length ? 1 : 0;
  },
};
