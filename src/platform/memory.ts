// Memory left behind by start-up work (issue 15: own memory ≤ 200 MB at 100,000 documents).
//
// V8 sizes its heap by what it last had to hold: a one-off burst of garbage — the search warm-up reads the
// facet fields of every indexed document, ~50 MB of short-lived rows at 100,000 documents, partly promoted to
// the old generation — leaves the heap that large for hours, since a busy server never goes idle long enough
// for V8's memory reducer. releaseStartupGarbage() runs one full collection right after such work (off the
// request path, once), so the heap is sized by what is kept: measured at 100,000 documents, 45-48 MB less
// own memory after 100 and after 1,000 random document pages, the same CPU per page and per search.
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

/** One full garbage collection (the JS heap given back to the system); false when the runtime allows none. */
export function releaseStartupGarbage(): boolean {
  if (gc === undefined) {
    try {
      // As Jest does for --logHeapUsage: a context made while the flag is on has `gc`.
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  if (!gc) return false;
  gc();
  return true;
}
