// 考核 indicator 'pii' (features/assessment): the last completed site-wide scan of the year (the nightly job or
// `gongkai pii scan`; for the current year the latest) — per unit, the share of its scanned published documents
// with no open finding. The records are the documents with findings (the clean ones are only counted).
// No completed scan in the year: 未测量 for every unit (no results).
import type { Db } from '../../platform/db/index.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { publicOrScheduled } from '../documents/public.ts';
import { yearInstants, type AssessmentIndicator, type IndicatorRecord } from '../assessment/public.ts';
import './tables.ts';

export const piiIndicator: AssessmentIndicator = {
  key: 'pii',
  async compute(db: Db, q) {
    if (!q.unitIds.length) return [];
    const { from, to } = yearInstants(q.year);
    const scan = await db
      .selectFrom('pii_site_scans')
      .select(['id', 'started_at', 'finished_at'])
      .where('status', '=', 'done')
      .where('finished_at', '>=', from)
      .where('finished_at', '<', to)
      .orderBy('finished_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!scan) return [];
    const scanned = await publicOrScheduled(db.selectFrom('documents'))
      .select(['documents.unit_id', (eb) => eb.fn.countAll().as('n')])
      .where('documents.unit_id', 'in', q.unitIds)
      .where('documents.published_at', '<=', scan.started_at)
      .groupBy('documents.unit_id')
      .execute();
    const findings = await db
      .selectFrom('pii_site_findings as f')
      .innerJoin('documents as d', 'd.id', 'f.document_id')
      .select(['f.unit_id', 'f.document_id', 'd.title', (eb) => eb.fn.countAll().as('n')])
      .where('f.scan_id', '=', scan.id)
      .where('f.unit_id', 'in', q.unitIds)
      .groupBy(['f.unit_id', 'f.document_id', 'd.title'])
      .orderBy('f.document_id')
      .execute();
    const on = fmtDate(scan.finished_at);
    const bad = new Map<number, IndicatorRecord[]>();
    for (const f of findings) {
      const list = bad.get(f.unit_id) ?? bad.set(f.unit_id, []).get(f.unit_id)!;
      list.push({ label: f.title, url: `/admin/pii/documents/${f.document_id}`, action: 'pii.review', ok: false, note: `${on} 扫描发现 ${Number(f.n)} 处个人信息未处理` });
    }
    return scanned.flatMap((s) => {
      const total = Number(s.n);
      if (!total) return [];
      const records = bad.get(s.unit_id) ?? [];
      const clean = Math.max(0, total - records.length);
      return [{ unitId: s.unit_id, score: Math.round((clean / total) * 1000) / 10, numerator: clean, denominator: total, detail: `${on} 全站扫描：已公开文件 ${total} 件，发现个人信息的 ${records.length} 件`, records }];
    });
  },
};
