// The units feature's surface for other features: the review body and court that reply letters name.
export { loadRemedies, unitRemedies, type Remedies } from './remedies.ts';
