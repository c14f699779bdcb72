// The forms of 年度报告, declared as schemas (platform/http/forms.ts parseForm): all text — saveNarrative,
// saveInputs (each figure through parseFigure), startCorrection and submitReport (reports.commands.tsx) check the
// values and say in Chinese what to fix. Unknown names are ignored, a repeated name counts once (its first value).
import { textForm, type TextFields } from '../../../platform/http/forms.ts';
import { NARRATIVE_KEYS } from '../report.ts';
import { manualCells } from '../reports.commands.tsx';

/** 报告正文 (一、五、六). */
export const NarrativeFormBody = textForm(NARRATIVE_KEYS, '报告正文');
/** 申请更正 (the reason). */
export const CorrectFormBody = textForm(['reason'], '更正已发布的报告');
/** 提交 (the confirmation that figures left empty are meant as none). */
export const SubmitFormBody = textForm(['confirm_missing'], '提交报告');

const inputForms = new Map<number, TextFields<string>>();

/**
 * 手工填报的数据 of a year's report format: a field `<row>.<col>` per manually entered cell and `<row>.source` per
 * row (the formats differ by year: made once per year).
 */
export function inputsFormBody(year: number): TextFields<string> {
  let form = inputForms.get(year);
  if (!form) {
    const keys = new Set<string>();
    for (const key of manualCells(year).keys()) {
      const [row, col] = key.split('|') as [string, string];
      keys.add(`${row}.${col}`).add(`${row}.source`);
    }
    inputForms.set(year, (form = textForm([...keys], '手工填报的数据')));
  }
  return form;
}
