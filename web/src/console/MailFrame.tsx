import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

const blockedPolicy = "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'";
const remotePolicy = "default-src 'none'; img-src data: cid: https:; style-src 'unsafe-inline'";

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Customer HTML (already sanitised by the server) in a frame with an empty sandbox — no scripts, no forms, no
 * same-origin access to the console — and its own CSP, so even HTML the sanitiser missed can neither run nor
 * load anything. Remote images (tracking pixels) stay blocked until the agent asks for them.
 */
export function MailFrame({ html, title }: { html: string; title: string }) {
  const { t } = useTranslation();
  const [remote, setRemote] = useState(false);
  const hasRemote = useMemo(() => /<img\b[^>]*\bsrc\s*=\s*["']?\s*(https?:)?\/\//i.test(html), [html]);
  const srcDoc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${escapeAttribute(remote ? remotePolicy : blockedPolicy)}"><meta name="referrer" content="no-referrer"></head><body>${html}</body></html>`;
  return (
    <div className="mail-frame">
      {hasRemote && !remote ? (
        <p className="notice">
          {t('ticket.remoteBlocked')}{' '}
          <button type="button" className="secondary" onClick={() => setRemote(true)}>{t('ticket.loadRemote')}</button>
        </p>
      ) : null}
      <iframe key={remote ? 'remote' : 'blocked'} sandbox="" srcDoc={srcDoc} title={title} referrerPolicy="no-referrer" />
    </div>
  );
}
