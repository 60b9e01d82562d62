import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../../platform/testing/test-database.ts';

export type ReceivedSms = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

export type LocalSmsProvider = {
  url: string;
  received: ReceivedSms[];
  /** The 6-digit code of the newest SMS to `to`, once one arrives after `after` messages. */
  codeFor(to: string, after?: number): Promise<string>;
  close(): Promise<void>;
};

/**
 * For tests: a real HTTP server on a free local port standing in for the operator's SMS provider. `answer`
 * decides the reply (status, delay), so tests can make the provider fail or hang.
 */
export async function startLocalSmsProvider(answer: (sms: ReceivedSms, res: http.ServerResponse) => void = (_s, res) => res.writeHead(202).end('{}')): Promise<LocalSmsProvider> {
  const received: ReceivedSms[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const sms = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(sms);
      answer(sms, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
    received,
    codeFor: (to, after = 0) =>
      waitFor(() => {
        const sms = received.slice(after).reverse().map((r) => JSON.parse(r.body) as { to: string; text: string }).find((m) => m.to === to);
        return sms ? /\b(\d{6})\b/.exec(sms.text)?.[1] : undefined;
      }, 5_000, `an SMS to ${to}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
