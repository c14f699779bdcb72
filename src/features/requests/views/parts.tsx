// Building blocks of the public 依申请公开 pages: the few styles these pages add to site.css,
// and the shared labelled fields.

// The labelled fields are the platform's (shared with the console).
export { fieldId, TextField, TextArea, SelectField, RadioField, type Option } from '../../../platform/views/fields.tsx';

/** Styles for these pages only (CSP allows inline styles); inputs stay usable at 360 px. */
const YSQGK_CSS = `
.ysqgk input[type=email], .ysqgk input[type=tel] { width: 100%; max-width: 640px; padding: 8px; font: inherit; border: 1px solid #8c959f; border-radius: 3px; background: #fff; color: var(--ink); box-sizing: border-box; }
.ysqgk input[type=text], .ysqgk select, .ysqgk textarea { box-sizing: border-box; }
.ysqgk fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 14px 0; padding: 4px 12px 12px; min-width: 0; }
.ysqgk fieldset.radios { border: 0; padding: 0; margin: 10px 0; }
.ysqgk legend { font-weight: bold; padding: 0 4px; }
.ysqgk fieldset.radios legend { padding: 0; margin: 10px 0 4px; }
.ysqgk fieldset.sub { margin: 6px 0 0 1.8em; padding: 2px 10px 6px; }
.ysqgk fieldset.sub legend { font-weight: normal; }
.ysqgk label.radio { display: flex; gap: 8px; align-items: flex-start; font-weight: normal; margin: 8px 0; }
.ysqgk input[type=radio] { width: 1.25em; height: 1.25em; margin: .3em 0 0; flex: none; }
.ysqgk .req { font-weight: normal; color: var(--bad); font-size: .9em; }
.ysqgk .hp { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
.ysqgk .secret { border: 2px solid var(--brand); border-radius: 4px; padding: 10px 14px; margin: 14px 0; background: #fdf3f3; }
.ysqgk .secret dt { font-weight: bold; margin-top: 6px; }
.ysqgk .secret dd { margin: 0; }
.ysqgk .big { display: inline-block; font-size: 1.8rem; font-family: ui-monospace, Menlo, Consolas, monospace; letter-spacing: .08em; font-weight: bold; word-break: break-all; }
.ysqgk ol.steps { padding-left: 1.4em; }
.ysqgk ol.steps li { margin: 6px 0; overflow-wrap: anywhere; }
.ysqgk dl.status dt { font-weight: bold; margin-top: 8px; }
.ysqgk dl.status dd { margin: 0 0 0 1em; overflow-wrap: anywhere; }
`;

export function Styles() {
  return <style>{YSQGK_CSS}</style>;
}
