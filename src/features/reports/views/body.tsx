// The report as the body of its published document (and of the print view): the six sections in
// the national order, narrative paragraphs and the three tables, no links.
import type { AnnualReport } from '../report.ts';
import { SECTION_HEADINGS } from '../format.ts';
import { ActiveTables, RequestTableView, ReviewTableView, type CellLink } from './tables.tsx';

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n+/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p>{p}</p>
        ))}
    </>
  );
}

export function ReportBody({ report, link }: { report: AnnualReport; link?: CellLink }) {
  return (
    <>
      <h2>{SECTION_HEADINGS[0]}</h2>
      <Paragraphs text={report.narrative.overview} />
      <h2>{SECTION_HEADINGS[1]}</h2>
      <div class="table-scroll">
        <ActiveTables report={report} link={link} />
      </div>
      <h2>{SECTION_HEADINGS[2]}</h2>
      <div class="table-scroll">
        <RequestTableView report={report} link={link} />
      </div>
      <h2>{SECTION_HEADINGS[3]}</h2>
      <div class="table-scroll">
        <ReviewTableView report={report} link={link} />
      </div>
      <h2>{SECTION_HEADINGS[4]}</h2>
      <Paragraphs text={report.narrative.problems} />
      <h2>{SECTION_HEADINGS[5]}</h2>
      <Paragraphs text={report.narrative.other} />
    </>
  );
}
