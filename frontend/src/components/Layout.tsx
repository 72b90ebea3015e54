// The frame of every page: skip link, header with navigation, the session-expired banner.
import { useEffect, useRef, type RefObject } from 'react';
import { Link, NavLink, Outlet, useLocation, useMatches, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';

function SessionExpiredBanner() {
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div className="banner banner-warning" role="alert">
      <p>
        <strong>Your session has expired.</strong> Sign in again to keep going; nothing you saved is lost.
      </p>
      <Link className="button button-primary" to={`/signin?next=${next}`}>
        Sign in again
      </Link>
    </div>
  );
}

function UnreachableBanner() {
  return (
    <div className="banner banner-warning" role="alert">
      <p>
        <strong>The server cannot be reached.</strong> Check your connection, then reload the page.
      </p>
    </div>
  );
}

/** Names the page in the title bar and, after a navigation, moves focus to the new page. */
function usePageAnnouncement(main: RefObject<HTMLElement | null>) {
  const matches = useMatches();
  const { pathname } = useLocation();
  const first = useRef(true);
  const title = (matches.at(-1)?.handle as { title?: string } | undefined)?.title;

  useEffect(() => {
    document.title = title ? `${title} · Interview coach` : 'Interview coach';
  }, [title]);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo?.(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [pathname, main]);
}

export function Layout() {
  const { status, user, signOut } = useAuth();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const signedIn = status === 'signedIn' || status === 'expired';
  usePageAnnouncement(main);

  const onSignOut = async () => {
    await signOut();
    await navigate('/signin');
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Interview coach
        </Link>
        {signedIn && (
          <nav aria-label="Main">
            <ul className="nav-list">
              <li>
                <NavLink to="/" end>
                  Dashboard
                </NavLink>
              </li>
              <li>
                <NavLink to="/sessions/new">New session</NavLink>
              </li>
              <li>
                <NavLink to="/account">Account{user ? ` (${user.username})` : ''}</NavLink>
              </li>
              <li>
                <button type="button" className="link-button" onClick={() => void onSignOut()}>
                  Sign out
                </button>
              </li>
            </ul>
          </nav>
        )}
      </header>
      {status === 'expired' && <SessionExpiredBanner />}
      {status === 'unreachable' && <UnreachableBanner />}
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
