import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { applyLiveEvent, dismissNudge, emptyLiveState } from '../live/liveEvents';
import type { LiveEvent, LiveState } from '../live/liveEvents';
import { LiveFeedback } from './LiveFeedback';

const events: LiveEvent[] = [
  { type: 'transcript.partial', text: 'In my last', start: 0, end: 1, words: [] },
  { type: 'transcript.final', text: 'In my last role I led a team.', start: 0, end: 3, words: [] },
  { type: 'transcript.partial', text: 'We shipped', start: 3, end: 4, words: [] },
  { type: 'nudge', kind: 'pace_fast', message: "You're speaking quickly: slow down a little.", t: 12 },
];

function Harness({ initial }: { initial: LiveState }) {
  const [live, setLive] = useState(initial);
  return <LiveFeedback live={live} onDismiss={(nudge) => setLive((state) => dismissNudge(state, nudge))} />;
}

describe('LiveFeedback', () => {
  it('shows the final words, the partial tail after them, and a nudge', () => {
    // given
    const live = events.reduce(applyLiveEvent, emptyLiveState);

    // when
    render(<Harness initial={live} />);

    // then
    const transcript = screen.getByText(/In my last role I led a team\./);
    expect(transcript.getAttribute('aria-live')).toBe('polite');
    expect(transcript.textContent).toBe('In my last role I led a team. We shipped');
    expect(screen.getByRole('list', { name: 'Hints' }).textContent).toContain("You're speaking quickly");
  });

  it('lets the candidate dismiss a nudge', async () => {
    // given
    render(<Harness initial={events.reduce(applyLiveEvent, emptyLiveState)} />);

    // when
    await userEvent.click(screen.getByRole('button', { name: /Dismiss hint/ }));

    // then
    expect(screen.queryByText(/speaking quickly/)).toBeNull();
  });

  it('explains a preview that could not start, and that the answer is still recorded', () => {
    // given / when
    render(<Harness initial={{ ...emptyLiveState, problem: 'The live preview is busy right now.' }} />);

    // then
    expect(screen.getByRole('region', { name: 'Live preview' }).textContent).toContain(
      'The live preview is busy right now. Your answer is still recorded and analysed in full.',
    );
    expect(screen.queryByText('Your words will appear here as you speak.')).toBeNull();
  });

  it('keeps at most two hints on screen', () => {
    // given
    const nudges: LiveEvent[] = ['fillers', 'look_at_camera', 'pace_slow'].map((kind, t) => ({
      type: 'nudge', kind, message: `hint ${kind}`, t,
    }));

    // when
    const live = nudges.reduce(applyLiveEvent, emptyLiveState);

    // then
    expect(live.nudges.map((nudge) => nudge.kind)).toEqual(['look_at_camera', 'pace_slow']);
  });
});
