import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AnalysisStages } from './AnalysisStages';

describe('AnalysisStages', () => {
  it('lists every stage with its state and the reason a modality failed', () => {
    // when
    render(
      <AnalysisStages
        progress={{
          analysisStatus: 'running',
          stages: { media: 'finished', speech: 'started', video: 'failed' },
          errors: { video: 'No face was found in the video.' },
          error: '',
        }}
      />,
    );
    // then
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('data-status'))).toEqual(['finished', 'started', 'pending', 'failed', 'pending', 'pending']);
    expect(items[0]?.textContent).toContain('Preparing the recording');
    expect(items[0]?.textContent).toContain('done');
    expect(items[3]?.textContent).toContain('No face was found in the video.');
    expect(screen.getByText('Being analysed')).toBeTruthy();
    expect(screen.getByRole('list').getAttribute('aria-live')).toBe('polite');
  });
});
