// "Download PDF" on the reports: the server draws the report as a PDF, charts included
// (analysis_app/apis_pdf.py), for a file that looks the same in every browser, unlike the print
// dialog. A plain link: the browser sends the sign-in cookie and saves the attachment itself,
// so a report of several pages never passes through JavaScript memory.

export const reportPdfUrls = {
  answer: (answerId: string) => `/api/answers/${answerId}/report.pdf`,
  session: (sessionId: string) => `/api/sessions/${sessionId}/report.pdf`,
  shared: (token: string) => `/api/shared/${encodeURIComponent(token)}/report.pdf`,
};

export function PdfDownloadLink({ href }: { href: string }) {
  return (
    <a className="button button-secondary no-print" href={href} download>
      Download PDF
    </a>
  );
}
