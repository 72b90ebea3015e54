import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, ok } from '../test/fakeApi';
import { allPages, sessions } from './endpoints';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('paginated lists', () => {
  it('follows each page’s next link until the last page', async () => {
    // given: three sessions over two pages; `next` is an absolute URL, as DRF writes it
    const { requests } = fakeApi({
      'GET /api/sessions/': (request) =>
        ok(
          request.query === '?limit=2&offset=2'
            ? { count: 3, next: null, previous: 'http://localhost/api/sessions/?limit=2', results: [{ id: 'c' }] }
            : { count: 3, next: 'http://localhost/api/sessions/?limit=2&offset=2', previous: null, results: [{ id: 'a' }, { id: 'b' }] },
        ),
    });
    // when
    const listed = await sessions.list();
    // then
    expect(listed.map((session) => session.id)).toEqual(['a', 'b', 'c']);
    expect(requests.map((request) => `${request.path}${request.query}`)).toEqual([
      '/api/sessions/',
      '/api/sessions/?limit=2&offset=2',
    ]);
  });

  it('stops after the page limit even if the server keeps linking on', async () => {
    fakeApi({
      'GET /api/progress/': ok({ count: 1, next: 'http://localhost/api/progress/?offset=1', previous: null, results: [1] }),
    });
    expect(await allPages<number>('/api/progress/', 3)).toEqual([1, 1, 1]);
  });
});
