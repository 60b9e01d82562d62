/**
 * What a path that leads nowhere shows, instead of a blank page or a silent fallback to the home page. The test id
 * lets the link checker (e2e/help-links.test.ts) tell a broken link from a page that merely has little on it.
 */
export function NotFound({ text }: { text: string }) {
  return (
    <p role="alert" className="error" data-testid="not-found">
      {text}
    </p>
  );
}
