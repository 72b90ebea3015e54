// Renders the whole app (routes, auth, layout) at a path, as the browser would open it.
import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { App, routes } from '../App';

export function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  return { router, ...render(<App router={router} />) };
}
