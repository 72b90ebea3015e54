// The transcript with fillers, hedges and long pauses marked. Each word plays the recording
// from where it was said; the arrow keys move between words (one tab stop for the whole text).
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { AnswerReport, TranscriptWord } from '../api/types';
import { formatSeconds } from '../text/format';

type Markers = AnswerReport['markers'];

export type TranscriptItem =
  | { kind: 'word'; index: number; word: TranscriptWord; filler: boolean; hedge: boolean }
  | { kind: 'pause'; start: number; end: number };

const TOLERANCE_S = 0.05;

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end - TOLERANCE_S && b.start < a.end - TOLERANCE_S;
}

export function transcriptItems(words: TranscriptWord[], markers: Markers): TranscriptItem[] {
  const pauses = [...markers.long_pauses].sort((a, b) => a.start - b.start);
  const items: TranscriptItem[] = [];
  let nextPause = 0;
  words.forEach((word, index) => {
    while (nextPause < pauses.length && (pauses[nextPause]?.end ?? 0) <= word.start + TOLERANCE_S) {
      const pause = pauses[nextPause++];
      if (pause) items.push({ kind: 'pause', start: pause.start, end: pause.end });
    }
    const middle = (word.start + word.end) / 2;
    items.push({
      kind: 'word',
      index,
      word,
      filler: markers.fillers.some((filler) => overlaps(filler, word)),
      hedge: markers.hedges.some((hedge) => middle >= hedge.start - TOLERANCE_S && middle <= hedge.end + TOLERANCE_S),
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
          const classes = ['word', item.filler && 'word-filler', item.hedge && 'word-hedge', current && 'word-current']
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
            </button>
          );
        })}
      </div>
    </>
  );
}
