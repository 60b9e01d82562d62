/** Where and as whom the IMAP source logs in, read from WALLETDESK_IMAP_URL (RFC 5092 style, percent-encoded). */
export type ImapAccount = {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
  /** user@host:port: names the mailbox's bookkeeping rows; never carries the password. */
  key: string;
};

export function parseImapUrl(value: string): ImapAccount {
  const url = new URL(value);
  const secure = url.protocol.toLowerCase() === 'imaps:';
  if (!secure && url.protocol.toLowerCase() !== 'imap:') throw new Error('expected imap://user:pass@host:port/MAILBOX or imaps://…');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : secure ? 993 : 143;
  const user = decodeURIComponent(url.username);
  const mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'INBOX';
  return {
    host,
    port,
    secure,
    user,
    pass: decodeURIComponent(url.password),
    mailbox,
    key: `${user}@${host.toLowerCase()}:${port}`,
  };
}
