// 编辑助手 (issue 19, editor help): while drafting, suggested 关键词 (TF-IDF with the search segmenter's domain
// dictionary) and a suggested 主题分类 from similar published documents, on the draft's console page
// (documents' 'documents.consoleSections') with 采用 for each, and POST /api/v1/editor-help/suggest.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { editorHelpSection } from './console.tsx';

export const editorHelpModule: FeatureModule = {
  name: 'editor-help',
  actions: ACTIONS,
  async routes(app) {
    await (await import('./console.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerEditorHelpApi(api);
  },
  contributes: { 'documents.consoleSections': editorHelpSection },
};
