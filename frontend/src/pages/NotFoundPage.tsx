import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="narrow">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to your dashboard</Link>.
      </p>
    </div>
  );
}
