'use client';

// Opens the browser's print dialog; hidden on paper.
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="text-sm font-semibold text-brand-800 underline print:hidden"
      data-testid="receipt-print"
    >
      Print this receipt
    </button>
  );
}
