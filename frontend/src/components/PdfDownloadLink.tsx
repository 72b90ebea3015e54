// "Download PDF" on the reports: the server draws the report as a PDF, charts included
// (analysis_app/apis_pdf.py), for a file that looks the same in every browser, unlike the print
// dialog. A plain link: the browser sends the sign-in cookie and saves the attachment itself,
// so a report of several pages never passes through JavaScript memory.
import { getPath } from '../api/paths';

export const reportPdfUrls = {
  answer: (answerId: string) => getPath('/api/answers/{answer_id}/report.pdf', { answer_id: answerId }),
  session: (sessionId: string) => getPath('/api/sessions/{session_id}/report.pdf', { session_id: sessionId }),
  shared: (token: string) => getPath('/api/shared/{token}/report.pdf', { token }),
};

export function PdfDownloadLink({ href }: { href: string }) {
  return (
    <a className="button button-secondary no-print" href={href} download>
      Download PDF
    </a>
  );
}
