import { describeError } from './api.ts';

/** A failure said out loud (role=alert) with what went wrong, so a missing route never leaves a blank page. */
export function ErrorNotice({ error, prefix }: { error: unknown; prefix?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {prefix ? `${prefix}: ` : ''}
      {describeError(error)}
    </p>
  );
}
