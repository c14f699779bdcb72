// Demo documents (src/demo/documents.ts), loaded through the importer like any real import.
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { importContext, importRecord } from './documents.import.ts';

export async function seedDemoDocuments(db: Db): Promise<void> {
  const { DEMO_DOCUMENTS } = await import('../../demo/documents.ts');
  const actor = systemActor('演示数据');
  const ctx = await importContext(db, actor);
  const byTitle = new Map<string, number>();
  for (const d of DEMO_DOCUMENTS) {
    const { validity, replacedBy: _r, unit, ...rest } = d as any;
    const rec: Record<string, unknown> = { ...rest, unit };
    if (validity) Object.assign(rec, { validity: validity.status, validityOn: validity.on, validityReason: validity.reason });
    const res = await importRecord(ctx, rec);
    if (typeof res !== 'string') throw new Error(`演示文件《${d.title}》导入失败：${res.error}`);
  }
  const rows = await db.selectFrom('documents').select(['id', 'title']).execute();
  for (const r of rows) byTitle.set(r.title, r.id);
  for (const d of DEMO_DOCUMENTS as any[]) {
    if (d.validity?.replacedBy && byTitle.has(d.validity.replacedBy)) {
      await db.updateTable('documents').set({ replaced_by_id: byTitle.get(d.validity.replacedBy)! }).where('id', '=', byTitle.get(d.title)!).execute();
    }
  }
}
