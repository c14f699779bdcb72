// Site-wide scan (CLI `gongkai pii scan` and the nightly job): every published 主动公开 document — title,
// summary, body and attachments — is scanned; each blocking finding not covered by a confirmed override
// becomes a row of the run's report, kept per unit (pii_site_findings). File scans are cached by content, so
// a nightly run re-reads only new attachments.
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import type { CliCommand, Job } from '../../platform/modules.ts';
import { UsageError } from '../../platform/cli.ts';
import { publicOrScheduled } from '../documents/public.ts';
import { fileStoreFor, unresolvedFindings } from './gate.ts';

const BATCH = 200;

export async function runSiteScan(db: Db, opts: { trigger: string; progress?: (done: number, total: number) => void }): Promise<{ scanId: number; documents: number; findings: number }> {
  const files = fileStoreFor(db);
  const total = Number((await publicOrScheduled(db.selectFrom('documents')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const scan = await db.insertInto('pii_site_scans').values({ started_at: nowIso(), finished_at: null, documents: 0, findings: 0, status: 'running', trigger: opts.trigger }).returning('id').executeTakeFirstOrThrow();
  let done = 0;
  let found = 0;
  let after = 0;
  try {
    for (;;) {
      const docs = await publicOrScheduled(db.selectFrom('documents'))
        .select(['documents.id', 'documents.unit_id', 'documents.title', 'documents.summary', 'documents.body'])
        .where('documents.id', '>', after)
        .orderBy('documents.id')
        .limit(BATCH)
        .execute();
      if (!docs.length) break;
      const rows: { scan_id: number; unit_id: number; document_id: number; type: string; field: string; location: string; masked: string }[] = [];
      for (const d of docs) {
        const { open } = await unresolvedFindings(db, files, d);
        for (const f of open) rows.push({ scan_id: scan.id, unit_id: d.unit_id, document_id: d.id, type: f.type, field: f.field, location: f.location.slice(0, 500), masked: f.masked });
        done++;
        opts.progress?.(done, total);
      }
      found += rows.length;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 100) await trx.insertInto('pii_site_findings').values(rows.slice(i, i + 100)).execute();
        await trx.updateTable('pii_site_scans').set({ documents: done, findings: found }).where('id', '=', scan.id).execute();
      });
      after = docs[docs.length - 1]!.id;
    }
    await db.updateTable('pii_site_scans').set({ finished_at: nowIso(), documents: done, findings: found, status: 'done' }).where('id', '=', scan.id).execute();
  } catch (err) {
    await db.updateTable('pii_site_scans').set({ finished_at: nowIso(), status: 'failed' }).where('id', '=', scan.id).execute();
    throw err;
  }
  return { scanId: scan.id, documents: done, findings: found };
}

export const piiCommand: CliCommand = {
  help: `  pii scan                                检查全站已公开文件（含附件）中的个人信息，按单位生成报告（后台“个人信息检查”查看）`,
  async run(args, { db, log }) {
    if (args.length !== 1 || args[0] !== 'scan') throw new UsageError('用法：pii scan');
    // technical time: duration of the scan
    const started = Date.now();
    const tty = process.stderr.isTTY;
    let lastPct = -1;
    const r = await runSiteScan(db, {
      trigger: 'cli',
      progress: (done, total) => {
        const pct = total ? Math.floor((done / total) * 100) : 100;
        if (pct === lastPct && done !== total) return;
        lastPct = pct;
        const bar = '#'.repeat(Math.round((pct / 100) * 30)).padEnd(30, '.');
        process.stderr.write(`${tty ? '\r' : ''}检查个人信息 [${bar}] ${pct}% ${done}/${total}${tty ? '' : '\n'}`);
      },
    });
    if (tty) process.stderr.write('\n');
    // technical time: duration of the scan
    log(`已检查 ${r.documents} 件已公开文件，发现 ${r.findings} 处未处理的个人信息，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒（报告编号 ${r.scanId}）`);
    return 0;
  },
};

/** Once a day (the first run a day after the site starts). */
export const nightlyScanJob: Job = {
  name: 'pii-site-scan',
  everyMs: 24 * 60 * 60 * 1000,
  async run(db, log) {
    const r = await runSiteScan(db, { trigger: 'job' });
    log(`全站个人信息检查：${r.documents} 件文件，${r.findings} 处未处理`);
  },
};
