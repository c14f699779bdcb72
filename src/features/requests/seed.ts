// The demo requests (src/demo/requests.ts), registered and handled through the real commands; and, on
// every start, the stored due dates of requests made before they were stored (migration 0005).
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import type { SeedContext } from '../../platform/modules.ts';
import { submitRequest, applyRequestEvent } from './requests.commands.ts';
import { backfillDue } from './requests.due.ts';

/** The demo requests (src/demo/requests.ts), registered and handled through the real commands. */
async function seedDemoRequests(db: Db): Promise<void> {
  const actor = systemActor('演示数据');
  const { DEMO_REQUESTS, demoIdentity } = await import('../../demo/requests.ts');
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  for (const [i, r] of DEMO_REQUESTS.entries()) {
    const unitId = units.get(r.unit);
    if (!unitId) continue;
    const created = await submitRequest({ db }, actor, {
      channel: r.channel,
      receivedOn: r.receivedOn,
      applicantType: r.type,
      applicant: { name: r.name, ...demoIdentity(r, i), address: '江苏省宿迁市宿城区幸福中路 1 号' },
      unitId,
      description: r.description,
      form: 'paper',
      delivery: 'post',
    });
    if (!created.ok) throw new Error(`演示申请“${r.description}”登记失败：${JSON.stringify(created.error)}`);
    for (const step of r.steps) {
      const { toUnit, ...e } = step as Record<string, unknown> & { toUnit?: string };
      const input = toUnit ? { ...e, toUnitId: units.get(toUnit) } : e;
      const done = await applyRequestEvent({ db }, actor, created.value.id, input);
      if (!done.ok) throw new Error(`演示申请“${r.description}”的办理步骤 ${String(e.type)} 失败：${JSON.stringify(done.error)}`);
    }
  }
}

export async function seedRequests(db: Db, ctx: SeedContext): Promise<void> {
  await backfillDue(db);
  if (ctx.demo) await seedDemoRequests(db);
}
