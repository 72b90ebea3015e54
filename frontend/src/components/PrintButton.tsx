// "Print / save as PDF" on the reports: the browser's print dialog, where "Save as PDF" is one
// of the printers. The print stylesheet (styles.css, "Print stylesheet") drops the navigation,
// buttons and players, so the page prints as a document.

export function PrintButton() {
  return (
    <button type="button" className="button button-secondary no-print" onClick={() => window.print()}>
      Print / save as PDF
    </button>
  );
}
