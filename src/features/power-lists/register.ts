// The power-item register: the shared register pattern (features/registers) applied to power_items.
import { defineRegister } from '../registers/public.ts';
import { FIELD_LABELS } from './rules.ts';
import type { PowerItemRow } from './tables.ts';
import './actions.ts';

export const POWER_ITEMS = defineRegister<PowerItemRow>({
  name: 'power-item',
  table: 'power_items',
  label: '权责清单事项',
  fields: FIELD_LABELS,
  actions: { edit: 'power.edit', review: 'power.review' },
  entity: 'power_item',
});
