// Routes of the web client. Django serves index.html for each of these paths (frontend/views.py).
import type { ReactNode } from 'react';
import { RouterProvider, type RouteObject, type createBrowserRouter } from 'react-router';
import { AuthProvider } from './auth/AuthContext';
import { Layout } from './components/Layout';
import { RequireAuth } from './components/RequireAuth';
import { AccountPage } from './pages/AccountPage';
import { AnswerReportPage } from './pages/AnswerReportPage';
import { InterviewRoomPage } from './pages/InterviewRoomPage';
import { HomePage } from './pages/LandingPage';
import { NewSessionPage } from './pages/NewSessionPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SessionReportPage } from './pages/SessionReportPage';
import { SharedReportPage } from './pages/SharedReportPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';

const signedIn = (page: ReactNode) => <RequireAuth>{page}</RequireAuth>;

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/signin', element: <SignInPage />, handle: { title: 'Sign in' } },
      { path: '/signup', element: <SignUpPage />, handle: { title: 'Create an account' } },
      // Signed out, `/` introduces the product (LandingPage); signed in, it is the dashboard.
      { path: '/', element: <HomePage /> },
      { path: '/sessions/new', element: signedIn(<NewSessionPage />), handle: { title: 'New session' } },
      { path: '/sessions/:sessionId/interview', element: signedIn(<InterviewRoomPage />), handle: { title: 'Interview room' } },
      { path: '/sessions/:sessionId/report', element: signedIn(<SessionReportPage />), handle: { title: 'Session report' } },
      { path: '/answers/:answerId/report', element: signedIn(<AnswerReportPage />), handle: { title: 'Answer report' } },
      { path: '/shared/:token', element: <SharedReportPage />, handle: { title: 'Shared report' } },
      { path: '/account', element: signedIn(<AccountPage />), handle: { title: 'Account' } },
      { path: '*', element: <NotFoundPage />, handle: { title: 'Not found' } },
    ],
  },
];

export function App({ router }: { router: ReturnType<typeof createBrowserRouter> }) {
  return (
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  );
}
