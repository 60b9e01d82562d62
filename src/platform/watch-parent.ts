/**
 * Calls `onOrphaned` once when the process that started us is gone (we are re-parented, so `process.ppid`
 * changes). npm forwards only SIGINT and SIGTERM to a script, and a SIGHUP or SIGKILL to npm ends npm alone: a
 * desk left behind keeps both ports, and the next `npm start` fails on them. The check is one system call a second
 * on an unref'd timer, so it never keeps the process alive by itself.
 */
export function watchParent(onOrphaned: () => void, intervalMs = 1000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
