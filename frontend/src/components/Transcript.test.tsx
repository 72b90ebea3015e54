import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { partialReport } from '../test/fixtures';
import type { AnswerReport, TranscriptWord } from '../api/types';
import { Transcript, transcriptItems } from './Transcript';

const { transcript, markers } = partialReport();
const words = transcript!.words;

/** Words as Whisper times them: "Um," and "Uh," have no duration (start == end). */
function whisperWords(timings: [string, number, number][]): TranscriptWord[] {
  return timings.map(([word, start, end]) => ({ word: ` ${word}`, start, end, probability: 0.9 }));
}

function shownMarks(items: ReturnType<typeof transcriptItems>): string[] {
  return items.map((item) =>
    item.kind === 'pause'
      ? 'pause'
      : `${item.word.word.trim()}${item.filler ? '*' : ''}${item.hedge ? '~' : ''}${item.restart ? '^' : ''}`,
  );
}

const noMarkers: AnswerReport['markers'] = { fillers: [], hedges: [], restarts: [], long_pauses: [] };

// "Um, I I think, you know, we, uh, kind of moved it. Um, done." as Whisper timed it.
const spoken = whisperWords([
  ['Um,', 0.0, 0.0],
  ['I', 0.3, 0.4],
  ['I', 0.4, 0.5],
  ['think,', 0.5, 0.8],
  ['you', 0.8, 0.82],
  ['know,', 0.82, 1.1],
  ['we,', 1.1, 1.3],
  ['uh,', 1.3, 1.3],
  ['kind', 1.5, 1.7],
  ['of', 1.7, 1.8],
  ['moved', 1.8, 2.1],
  ['it.', 2.1, 2.3],
  ['Um,', 2.6, 2.6],
  ['done.', 2.6, 3.0],
]);
const expected = ['Um,*', 'I^', 'I~', 'think,~', 'you*', 'know,*', 'we,', 'uh,*', 'kind~', 'of~', 'moved', 'it.', 'Um,*', 'done.'];

describe('transcriptItems', () => {
  it('marks fillers and hedges by time and puts long pauses where they happened', () => {
    const items = transcriptItems(words, markers);
    const shown = items.map((item) =>
      item.kind === 'pause' ? `[${item.end - item.start}s]` : `${item.word.word.trim()}${item.filler ? '*' : ''}${item.hedge ? '~' : ''}`,
    );
    expect(shown).toEqual(['Um*', 'I~', 'think~', '[1.6s]', 'we', 'moved', 'the', 'billing', 'service.']);
  });

  it('marks every word of every marker by its word index, zero-length fillers included', () => {
    // given: the markers as the engine writes them (issue 15: 5 fillers counted, 2 marked)
    const found: AnswerReport['markers'] = {
      ...noMarkers,
      fillers: [
        { kind: 'filler', text: 'um', word: 'um', start: 0.0, end: 0.0, word_index: 0 },
        { kind: 'filler', text: 'you know', word: 'you know', start: 0.8, end: 1.1, word_index: 4 },
        { kind: 'filler', text: 'uh', word: 'uh', start: 1.3, end: 1.3, word_index: 7 },
        { kind: 'filler', text: 'um', word: 'um', start: 2.6, end: 2.6, word_index: 12 },
      ],
      hedges: [
        { kind: 'hedge', text: 'i think', start: 0.4, end: 0.8, word_index: 2 },
        { kind: 'hedge', text: 'kind of', start: 1.5, end: 1.8, word_index: 8 },
      ],
      restarts: [{ kind: 'restart', text: 'i', start: 0.3, end: 0.4, word_index: 1 }],
    };
    // when
    const items = transcriptItems(spoken, found);
    // then: "done." (starting where the zero-length "Um," is) stays plain
    expect(shownMarks(items)).toEqual(expected);
  });

  it('falls back to the timings, ends included, for markers without a usable word index', () => {
    // given: the same markers with no usable word index
    const timed: AnswerReport['markers'] = {
      ...noMarkers,
      fillers: [
        { kind: 'filler', text: 'um', word: 'um', start: 0.0, end: 0.0, word_index: -1 },
        { kind: 'filler', text: 'you know', word: 'you know', start: 0.8, end: 1.1, word_index: -1 },
        { kind: 'filler', text: 'uh', word: 'uh', start: 1.3, end: 1.3, word_index: -1 },
      ],
      hedges: [{ kind: 'hedge', text: 'kind of', start: 1.5, end: 1.8, word_index: -1 }],
    };
    // when
    const items = transcriptItems(spoken, timed);
    // then: zero-length "Um," and "uh," and both words of "you know" are marked
    const marked = shownMarks(items).filter((word) => /[*~^]$/.test(word));
    expect(marked).toEqual(['Um,*', 'you*', 'know,*', 'uh,*', 'kind~', 'of~']);
  });

  it('ignores a word index past the transcript and uses the timings instead', () => {
    // given
    const stale: AnswerReport['markers'] = {
      ...noMarkers,
      fillers: [{ kind: 'filler', text: 'you know', word: 'you know', start: 0.8, end: 1.1, word_index: 13 }],
    };
    // when
    const marked = shownMarks(transcriptItems(spoken, stale)).filter((word) => word.endsWith('*'));
    // then
    expect(marked).toEqual(['you*', 'know,*']);
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

  it('names restarts for screen readers', () => {
    const restarts = [{ kind: 'restart', text: 'i', start: 0.6, end: 0.7, word_index: 1 }];
    render(<Transcript words={words} markers={{ ...markers, restarts }} currentTimeS={0} onSeek={() => undefined} />);
    expect(screen.getByRole('button', { name: /^I\s*\(hedge\)\s*\(restart\)$/ })).toBeTruthy();
  });
});
