// The editor help's action and the roles that may use it (the platform admin may do all). Accepting a
// suggestion is a change to the document: it needs documents' 'document.edit' for the document's unit too.
import { defineActions, type ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'editor-help.suggest': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'editor-help.suggest': { label: '起草时获取关键词和主题分类建议', roles: ['unit-admin', 'editor', 'reviewer'] },
};

defineActions(ACTIONS);
