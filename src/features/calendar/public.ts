// The calendar feature's surface for other features: the 'calendar.provisional' extension point (a feature
// whose deadlines may be provisional contributes a ProvisionalDeadlines).
export { type ProvisionalDeadlines } from './provisional.ts';
