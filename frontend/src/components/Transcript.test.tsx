import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { partialReport } from '../test/fixtures';
import { Transcript, transcriptItems } from './Transcript';

const { transcript, markers } = partialReport();
const words = transcript!.words;

describe('transcriptItems', () => {
  it('marks fillers and hedges by time and puts long pauses where they happened', () => {
    const items = transcriptItems(words, markers);
    const shown = items.map((item) =>
      item.kind === 'pause' ? `[${item.end - item.start}s]` : `${item.word.word.trim()}${item.filler ? '*' : ''}${item.hedge ? '~' : ''}`,
    );
    expect(shown).toEqual(['Um*', 'I~', 'think~', '[1.6s]', 'we', 'moved', 'the', 'billing', 'service.']);
  });
});

describe('Transcript', () => {
  it('plays the recording from the word you select', async () => {
    // given
    const onSeek = vi.fn();
    render(<Transcript words={words} markers={markers} currentTimeS={0} onSeek={onSeek} />);
    // when
    await userEvent.click(screen.getByRole('button', { name: 'billing' }));
    // then
    expect(onSeek).toHaveBeenCalledWith(3.2);
  });

  it('is one tab stop, with arrow keys moving between words', async () => {
    // given
    const onSeek = vi.fn();
    render(<Transcript words={words} markers={markers} currentTimeS={0} onSeek={onSeek} />);
    // when
    await userEvent.tab();
    const first = document.activeElement;
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{Enter}');
    // then
    expect(first).toHaveProperty('textContent', 'Um (filler)');
    expect(document.activeElement?.textContent).toBe('think (hedge)');
    expect(onSeek).toHaveBeenCalledWith(0.7);
    expect(screen.getAllByRole('button').filter((button) => button.tabIndex === 0)).toHaveLength(1);
  });

  it('highlights the word being played and names the marks for screen readers', () => {
    render(<Transcript words={words} markers={markers} currentTimeS={2.9} onSeek={() => undefined} />);
    expect(screen.getByRole('button', { name: 'moved' }).getAttribute('aria-current')).toBe('time');
    expect(screen.getByRole('button', { name: /^Um\s*\(filler\)$/ })).toBeTruthy();
    expect(screen.getByText('pause 1.6 s')).toBeTruthy();
  });
});
