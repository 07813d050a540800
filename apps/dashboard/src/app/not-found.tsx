import Link from "next/link";

/** Any path no page answers: say so and offer the way back (Next's bare default offered none). */
export default function NotFound() {
  return (
    <main className="auth">
      <div className="state" data-testid="not-found">
        <h3>Page not found</h3>
        <p>There is no page at this address; the link may be mistyped or out of date.</p>
        <p style={{ margin: 0 }}>
          <Link href="/">Go to the overview</Link>
        </p>
      </div>
    </main>
  );
}
