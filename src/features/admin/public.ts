// The console shell's surface for other features' console pages: shared UI and helpers (a pure re-export
// list; nothing is defined here).
export {
  AdminPage,
  PAGE_SIZE,
  RadioField,
  SelectField,
  TextArea,
  TextField,
  idParam,
  pageParam,
  requireRole,
  sendPage,
  unitOptions,
  val,
  type OptGroup,
  type Option,
} from './ui.tsx';
