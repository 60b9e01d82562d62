import PostalMime from 'postal-mime';

/** The plain text of a raw mail the CaptureRelay caught. */
export async function mailText(raw: string): Promise<string> {
  const parsed = await PostalMime.parse(raw);
  return parsed.text ?? '';
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
