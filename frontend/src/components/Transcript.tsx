// The transcript with fillers, hedges, restarts and long pauses marked. Each word plays the
// recording from where it was said; the arrow keys move between words (one tab stop for the whole text).
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { AnswerReport, TranscriptMarker, TranscriptWord } from '../api/types';
import { formatSeconds } from '../text/format';

type Markers = AnswerReport['markers'];

export type TranscriptItem =
  | { kind: 'word'; index: number; word: TranscriptWord; filler: boolean; hedge: boolean; restart: boolean }
  | { kind: 'pause'; start: number; end: number };

const TOLERANCE_S = 0.05;

/** How many transcript words a marker spans: the engine writes one normalised token per word. */
function wordCount(marker: TranscriptMarker): number {
  return Math.max(1, marker.text.trim().split(/\s+/).length);
}

/**
 * Inside the marker's span, ends included. Inclusive, because Whisper gives "Um," and "Uh,"
 * zero-length timings (start == end) that no strict overlap test accepts.
 */
function within(marker: TranscriptMarker, word: TranscriptWord): boolean {
  return word.start >= marker.start - TOLERANCE_S && word.end <= marker.end + TOLERANCE_S;
}

/**
 * The indices of the words the markers cover. By the marker's word index, so every word of
 * "you know" is marked and a zero-length "Um," too; a marker without a usable index (a report
 * stored without one) falls back to its timings.
 */
export function markedWords(words: TranscriptWord[], markers: readonly TranscriptMarker[]): Set<number> {
  const marked = new Set<number>();
  for (const marker of markers) {
    const first = marker.word_index;
    const count = wordCount(marker);
    if (first !== undefined && Number.isInteger(first) && first >= 0 && first + count <= words.length) {
      for (let index = first; index < first + count; index++) marked.add(index);
      continue;
    }
    words.forEach((word, index) => {
      if (within(marker, word)) marked.add(index);
    });
  }
  return marked;
}

export function transcriptItems(words: TranscriptWord[], markers: Markers): TranscriptItem[] {
  const pauses = [...markers.long_pauses].sort((a, b) => a.start - b.start);
  const fillers = markedWords(words, markers.fillers);
  const hedges = markedWords(words, markers.hedges);
  const restarts = markedWords(words, markers.restarts);
  const items: TranscriptItem[] = [];
  let nextPause = 0;
  words.forEach((word, index) => {
    while (nextPause < pauses.length && (pauses[nextPause]?.end ?? 0) <= word.start + TOLERANCE_S) {
      const pause = pauses[nextPause++];
      if (pause) items.push({ kind: 'pause', start: pause.start, end: pause.end });
    }
    items.push({
      kind: 'word',
      index,
      word,
      filler: fillers.has(index),
      hedge: hedges.has(index),
      restart: restarts.has(index),
    });
  });
  for (const pause of pauses.slice(nextPause)) items.push({ kind: 'pause', start: pause.start, end: pause.end });
  return items;
}

export interface TranscriptProps {
  words: TranscriptWord[];
  markers: Markers;
  currentTimeS: number;
  onSeek: (seconds: number) => void;
}

export function Transcript({ words, markers, currentTimeS, onSeek }: TranscriptProps) {
  const items = useMemo(() => transcriptItems(words, markers), [words, markers]);
  const [focusIndex, setFocusIndex] = useState(0);

  const moveFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowRight: focusIndex + 1,
      ArrowDown: focusIndex + 1,
      ArrowLeft: focusIndex - 1,
      ArrowUp: focusIndex - 1,
      Home: 0,
      End: words.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const index = Math.min(words.length - 1, Math.max(0, target));
    setFocusIndex(index);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-word-index="${index}"]`)?.focus();
  };

  if (words.length === 0) return <p className="muted">No speech was transcribed in this answer.</p>;

  return (
    <>
      <p id="transcript-help" className="muted">
        Select a word to play the recording from there. Arrow keys move between words.
      </p>
      <ul className="legend" aria-label="Marks in the transcript">
        <li>
          <span className="word word-filler">um</span> filler
        </li>
        <li>
          <span className="word word-hedge">I think</span> hedge
        </li>
        <li>
          <span className="word word-restart">I I</span> restart
        </li>
        <li>
          <span className="pause">pause 1.2 s</span> long pause (over 1 s)
        </li>
      </ul>
      <div className="transcript" role="group" aria-label="Transcript" aria-describedby="transcript-help" onKeyDown={moveFocus}>
        {items.map((item) => {
          if (item.kind === 'pause') {
            return (
              <span key={`pause-${item.start}`} className="pause">
                pause {formatSeconds(item.end - item.start)}
              </span>
            );
          }
          const { word, index } = item;
          const current = currentTimeS >= word.start && currentTimeS < word.end;
          const classes = ['word', item.filler && 'word-filler', item.hedge && 'word-hedge', item.restart && 'word-restart', current && 'word-current']
            .filter(Boolean)
            .join(' ');
          return (
            <button
              key={index}
              type="button"
              className={classes}
              data-word-index={index}
              tabIndex={index === focusIndex ? 0 : -1}
              aria-current={current ? 'time' : undefined}
              onFocus={() => setFocusIndex(index)}
              onClick={() => onSeek(word.start)}
            >
              {word.word.trim()}
              {item.filler && <span className="visually-hidden"> (filler)</span>}
              {item.hedge && <span className="visually-hidden"> (hedge)</span>}
              {item.restart && <span className="visually-hidden"> (restart)</span>}
            </button>
          );
        })}
      </div>
    </>
  );
}
