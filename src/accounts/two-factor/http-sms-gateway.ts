import type { SmsGateway } from './sms-gateway.ts';

export class SmsGatewayError extends Error {}

export type HttpSmsGatewayOptions = { url: string; token: string | undefined; timeoutMs?: number };

/**
 * The operator's SMS provider behind one HTTP call: POST {to, text} as JSON with a bearer token. Anything but a
 * 2xx, or no answer within the timeout, is an error, so the caller can tell the customer the code did not leave.
 * Error messages name the gateway's host, never the number or the text: they end up in logs.
 */
export function httpSmsGateway({ url, token, timeoutMs = 10_000 }: HttpSmsGatewayOptions): SmsGateway {
  const gateway = `SMS gateway ${new URL(url).host}`;
  return {
    async send(to, text) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ to, text }), signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
        throw new SmsGatewayError(timedOut ? `${gateway} did not answer within ${timeoutMs} ms` : `${gateway} unreachable: ${(err as Error).message}`);
      }
      // Drained so the connection can be reused; what the provider says is not ours to log.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new SmsGatewayError(`${gateway} answered ${res.status}`);
    },
  };
}
