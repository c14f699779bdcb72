// The assessment's actions. Every staff role may read the assessment of the units in its scope; the
// 政府办 (the platform admin, or a unit administrator of the district government office or of the top unit)
// sees every unit and sets the weights (service.ts isDistrictOffice).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'assessment.read': true;
    'assessment.weights': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'assessment.read': { label: '查看政务公开考核（本单位；政府办查看全部单位）', roles: ['unit-admin', 'auditor'] },
  'assessment.weights': { label: '政府办：设定考核指标权重', roles: ['unit-admin'] },
};
