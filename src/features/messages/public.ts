// The messages feature's surface for other features (site health, assessment …): counts of 政民互动 per
// unit, and the 'messages.about' extension point through which a feature lets messages be about its records.
import type { Db } from '../../platform/db/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { countsByUnit, type UnitCounts } from './repository.ts';
export { type MessageAbout } from './about.ts';

export interface MessageStats {
  received: number;
  replied: number;
  onTime: number;
  /** Replied on time ÷ received (0–1; null when none received). */
  onTimeRate: number | null;
  /** Unanswered more than 3 months (inspection single veto). */
  veto: number;
  rated: number;
  /** 满意 + 基本满意 ÷ rated (null when none). */
  satisfactionRate: number | null;
  byUnit: UnitCounts[];
}

/** Counts of messages (received between `from` and `to`, both inclusive), for one unit, a set of units or all. */
export async function messageStats(db: Db, opts: { unitId?: number; unitIds?: readonly number[]; from?: string; to?: string; today?: string } = {}): Promise<MessageStats> {
  const byUnit = await countsByUnit(db, { ...opts, today: opts.today ?? todayBeijing() });
  const sum = (k: keyof UnitCounts) => byUnit.reduce((s, u) => s + (u[k] as number), 0);
  const received = sum('received');
  const rated = sum('rated');
  return {
    received,
    replied: sum('replied'),
    onTime: sum('onTime'),
    onTimeRate: received ? sum('onTime') / received : null,
    veto: sum('veto'),
    rated,
    satisfactionRate: rated ? sum('satisfied') / rated : null,
    byUnit,
  };
}
