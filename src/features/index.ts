// The features of this build, in order: the one list the app composes (src/app.tsx, the CLI, seeding
// and the tests all use it). Adding a feature = one folder with its module.ts + one line here.
import { installModules, type FeatureModule } from '../platform/modules.ts';
import { adminModule } from './admin/module.ts';
import { unitsModule } from './units/module.ts';
import { usersModule } from './users/module.ts';
import { taxonomyModule } from './taxonomy/module.ts';
import { calendarModule } from './calendar/module.ts';
import { documentsModule } from './documents/module.ts';
import { piiModule } from './pii/module.ts';
import { searchModule } from './search/module.ts';
import { interpretationsModule } from './interpretations/module.ts';
import { concernsModule } from './concerns/module.ts';
import { requestsModule } from './requests/module.ts';
import { reportsModule } from './reports/module.ts';
import { consultationsModule } from './consultations/module.ts';
import { auditModule } from './audit/module.ts';
import { registersModule } from './registers/module.ts';
import { tasksModule } from './tasks/module.ts';
import { emergenciesModule } from './emergencies/module.ts';
import { powerListsModule } from './power-lists/module.ts';
import { keyAreasModule } from './key-areas/module.ts';
import { catalogModule } from './catalog/module.ts';
import { newMediaModule } from './new-media/module.ts';
import { messagesModule } from './messages/module.ts';
import { openDaysModule } from './open-days/module.ts';
import { assessmentModule } from './assessment/module.ts';
import { editorHelpModule } from './editor-help/module.ts';
import { siteHealthModule } from './site-health/module.ts';

export const FEATURES: readonly FeatureModule[] = installModules([
  adminModule,
  unitsModule,
  usersModule,
  taxonomyModule,
  calendarModule,
  documentsModule,
  piiModule,
  searchModule,
  interpretationsModule,
  concernsModule,
  requestsModule,
  reportsModule,
  consultationsModule,
  auditModule,
  registersModule,
  tasksModule,
  emergenciesModule,
  powerListsModule,
  keyAreasModule,
  catalogModule,
  newMediaModule,
  messagesModule,
  openDaysModule,
  assessmentModule,
  editorHelpModule,
  siteHealthModule,
]);
