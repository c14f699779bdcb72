// The 政府办's weights form, declared as a schema like the API bodies: which fields it posts, all text — readWeights
// checks each weight and says in Chinese what to fix (应为 0 到 100 之间的数 …), yearParam the year.
import { textForm } from '../../platform/http/forms.ts';
import { INDICATORS } from './public.ts';

/** 设定考核权重: the year and one `w-<indicator>` field per indicator. */
export const WeightsForm = textForm(['year', ...INDICATORS.map((d) => `w-${d.key}`)], '考核权重');
