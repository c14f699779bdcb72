// The console home's extension point 'console.tasks': each feature tells the home page (我的待办, tasks.tsx)
// what a staff member has to do next in that feature — alerts, buttons to start work, counts that link to
// the list showing the same items, notes and sections. A feature offers it in its manifest:
//   contributes: { 'console.tasks': { tasks: (ctx) => … } satisfies ConsoleTasks }
// The home page reads contributions('console.tasks') and merges every list by `order` (ties keep module
// order), so no feature's internals are read by the console shell.
import type { VNode } from 'preact';
import type { Actor } from '../../platform/access/roles.ts';
import type { Db } from '../../platform/db/index.ts';

export interface TaskContext {
  db: Db;
  actor: Actor;
  /** Today in Beijing (YYYY-MM-DD): the page's clock. */
  today: string;
}

/** A count on the home page: a link to the list (or the section) that shows exactly these items. */
export interface TaskCount {
  order: number;
  href: string;
  label: string;
  n: number;
  /** Shown in this tone when n > 0. */
  tone?: 'bad' | 'warn';
}

/** Something rendered as is (an alert, a note, a section), placed by `order`. */
export interface TaskBlock {
  order: number;
  node: VNode;
}

/** A button that starts a piece of work (新建文件, 登记申请). */
interface TaskStart {
  order: number;
  href: string;
  label: string;
}

/** What one feature puts on one actor's home page. Any list may be left out. */
export interface HomeTasks {
  /** Notices at the top (role="alert"); any alert means the home page is not “nothing to do”. */
  alerts?: TaskBlock[];
  starts?: TaskStart[];
  /** A (visually hidden) heading for the counts this feature adds. */
  heading?: string;
  /** Counts; a role given no count at all is a read-only role (its home page says so). */
  counts?: TaskCount[];
  /** Remarks below the counts (only when the role has counts). */
  notes?: TaskBlock[];
  /** Sections below everything else (e.g. the documents waiting in each box). */
  sections?: TaskBlock[];
}

/** The contribution a feature offers to 'console.tasks'. */
export interface ConsoleTasks {
  tasks(ctx: TaskContext): Promise<HomeTasks | null>;
}

export const CONSOLE_TASKS = 'console.tasks';
