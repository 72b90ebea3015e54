import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

// jsdom has no object URLs; the recorded take's playback only needs a string.
URL.createObjectURL ??= () => 'blob:recorded-take';
URL.revokeObjectURL ??= () => undefined;
