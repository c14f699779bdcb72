// The demo documents (as seedDemo loads them) imported into a test database through the importer — indexing is part
// of importing — for the search tests that rank, count and suggest over them.
import assert from 'node:assert/strict';
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { importContext, importRecord } from '../documents/documents.import.ts';
import { DEMO_DOCUMENTS } from '../../demo/documents.ts';

/** Imports every demo document (validity as the importer's columns); fails the test on a refused one. */
export async function importDemoDocuments(db: Db): Promise<void> {
  const ctx = await importContext(db, systemActor('演示数据'));
  for (const d of DEMO_DOCUMENTS) {
    const { validity, replacedBy: _r, ...rest } = d as any;
    const rec: Record<string, unknown> = { ...rest };
    if (validity) Object.assign(rec, { validity: validity.status, validityOn: validity.on, validityReason: validity.reason });
    const r = await importRecord(ctx, rec);
    assert.equal(typeof r, 'string', `${d.title}: ${JSON.stringify(r)}`);
  }
}
