// Reads of 应急/疫情信息发布: what the public sees is each record's last published version (an update being
// corrected keeps showing until the correction is published), updates newest first.
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { linkedDocuments, publicVersions, whereHasPublicVersion, type LinkedDocument } from '../registers/public.ts';
import { PLAN_ROLE, TOPIC, UPDATE } from './registers.ts';
import type { EmergencyTopicRow, EmergencyUpdateRow } from './tables.ts';

export interface PublicTopic {
  id: number;
  title: string;
  category: string;
  summary: string;
  startedOn: string;
  endedOn: string | null;
  unit: string;
  updates: number;
  lastUpdateAt: string | null;
}

export async function publicTopics(db: Db): Promise<PublicTopic[]> {
  const rows = await publicVersions(db, TOPIC, await whereHasPublicVersion(db.selectFrom('emergency_topics').selectAll()).execute());
  const ups = rows.length ? await publicUpdatesOf(db, rows.map((r) => r.id)) : [];
  const tree = await loadUnitTree(db);
  return rows
    .map((r: EmergencyTopicRow) => {
      const mine = ups.filter((u) => u.topic_id === r.id);
      return { id: r.id, title: r.title, category: r.category, summary: r.summary, startedOn: r.started_on, endedOn: r.ended_on, unit: tree.byId.get(r.unit_id)?.name ?? '', updates: mine.length, lastUpdateAt: mine[0]?.occurred_at ?? null };
    })
    .sort((a, b) => (b.lastUpdateAt ?? b.startedOn).localeCompare(a.lastUpdateAt ?? a.startedOn) || b.id - a.id);
}

/** Published updates of these topics, newest first (by the time the information refers to, then by publication). */
async function publicUpdatesOf(db: Db, topicIds: number[]): Promise<EmergencyUpdateRow[]> {
  if (!topicIds.length) return [];
  const rows = await whereHasPublicVersion(db.selectFrom('emergency_updates').selectAll().where('topic_id', 'in', topicIds)).execute();
  return (await publicVersions(db, UPDATE, rows)).sort((a, b) => b.occurred_at.localeCompare(a.occurred_at) || (b.published_at ?? '').localeCompare(a.published_at ?? '') || b.id - a.id);
}

export async function publicTopic(db: Db, id: number): Promise<(PublicTopic & { plans: LinkedDocument[]; items: EmergencyUpdateRow[] }) | undefined> {
  const t = (await publicTopics(db)).find((x) => x.id === id);
  if (!t) return undefined;
  const plans = (await linkedDocuments(db, TOPIC, id, { publicOnly: true })).filter((d) => d.role === PLAN_ROLE);
  return { ...t, plans, items: await publicUpdatesOf(db, [id]) };
}

// The console's reads (topics list, one topic's update log, the duty roster).

/** Topics of these units (the console list), the latest start first. */
export function topicsOfUnits(db: DbOrTrx, unitIds: number[]): Promise<EmergencyTopicRow[]> {
  return db.selectFrom('emergency_topics').selectAll().where('unit_id', 'in', unitIds.length ? unitIds : [-1]).orderBy('started_on', 'desc').execute();
}

/** Every update of a topic in any state, newest first (by the time the information refers to, then id). */
export function updatesOfTopic(db: DbOrTrx, topicId: number): Promise<EmergencyUpdateRow[]> {
  return db.selectFrom('emergency_updates').selectAll().where('topic_id', '=', topicId).orderBy('occurred_at', 'desc').orderBy('id', 'desc').execute();
}

/** Reviewers and unit admins of these units with their duty (on_until, or null), by user id: the duty roster. */
export function dutyRoster(db: DbOrTrx, unitIds: number[]) {
  return db
    .selectFrom('users')
    .leftJoin('emergency_duty', 'emergency_duty.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.unit_id', 'emergency_duty.on_until'])
    .where('users.role', 'in', ['reviewer', 'unit-admin'])
    .where('users.unit_id', 'in', unitIds.length ? unitIds : [-1])
    .orderBy('users.id')
    .execute();
}
