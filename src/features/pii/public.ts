// The pii feature's surface for other features. Detection and masking of text (政民互动 messages shown to the
// public, editor previews …): detect() gives matches, maskText() replaces the blocking ones by their masked
// form, findingsIn() places them in a field. For assessment: open findings per unit from the latest site scan.
// Documents use the gate through the 'documents.publishChecks' contribution in module.ts, not through here.
export { detect } from './detect.ts';
export { maskText } from './mask.ts';
export { openFindingsByUnit } from './unit-findings.ts';
