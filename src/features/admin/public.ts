// The console shell's surface for other features' console pages: shared UI and helpers (a pure re-export
// list; nothing is defined here).
export {
  AdminPage,
  CheckField,
  PAGE_SIZE,
  RadioField,
  SelectField,
  TextArea,
  TextField,
  flashText,
  idParam,
  pageParam,
  requireRole,
  sendPage,
  unitOptions,
  val,
  type OptGroup,
  type Option,
} from './ui.tsx';
// The console home's extension point 'console.tasks' (a feature's home-page tasks, from its manifest).
export { type ConsoleTasks, type HomeTasks, type TaskBlock, type TaskCount } from './console-tasks.ts';
