import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PrintButton } from './PrintButton';

/** The stylesheet as text: Vitest empties CSS imports, so it is read from disk (node:fs by a
 * computed name, as in DashboardPage.test.tsx). */
async function readStyles(): Promise<string> {
  const fs = (await import(/* @vite-ignore */ 'node:' + 'fs')) as { readFileSync(path: string, encoding: 'utf8'): string };
  const here = import.meta.url;
  return fs.readFileSync(decodeURIComponent(new URL('../styles.css', here).pathname), 'utf8');
}

/** The body of the first `@media print { … }` block, braces balanced. */
function printBlock(styles: string): string {
  const start = styles.indexOf('@media print');
  if (start < 0) return '';
  const open = styles.indexOf('{', start);
  let depth = 0;
  for (let i = open; i < styles.length; i += 1) {
    if (styles[i] === '{') depth += 1;
    if (styles[i] === '}') depth -= 1;
    if (depth === 0) return styles.slice(open + 1, i);
  }
  return '';
}

describe('PrintButton', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("opens the browser's print dialog", async () => {
    // given
    const print = vi.fn();
    vi.stubGlobal('print', print);
    render(<PrintButton />);
    // when
    await userEvent.click(screen.getByRole('button', { name: 'Print / save as PDF' }));
    // then
    expect(print).toHaveBeenCalledTimes(1);
  });
});

describe('the print stylesheet', () => {
  it('hides the navigation, buttons and players, keeps the transcript words, and keeps cards whole', async () => {
    // given
    const block = printBlock(await readStyles());
    // then
    const hidden = /([^{}]*)\{\s*display:\s*none !important;\s*\}/.exec(block)?.[1] ?? '';
    const selectors = hidden.split(',').map((selector) => selector.trim());
    expect(selectors).toEqual(expect.arrayContaining(['.site-header', 'nav', 'button:not(.word)', 'video', 'audio', '.no-print']));
    expect(block).toMatch(/\.card,[^{]*\{[^}]*break-inside:\s*avoid/);
    expect(selectors).not.toContain('svg');
  });
});
