import { Link } from 'react-router-dom';

/** Any unknown address: say so and offer the way back. */
export function NotFound() {
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to Today</Link>.
      </p>
    </section>
  );
}
