import { useState } from 'react';

/**
 * One admin change at a time: clears the last outcome, runs the call, then shows `done` and reloads the list, or
 * keeps the error for the page to show. Resolves to whether the change went through (forms reset only then).
 */
export function useAdminAction(reload: () => void) {
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    setError(undefined);
    setStatus('');
    try {
      await action();
      setStatus(done);
      reload();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  return { run, error, status };
}
