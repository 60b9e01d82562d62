import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { NotFound } from '../shared/NotFound.tsx';
import { labelled, listed } from '../shared/punctuation.ts';
import { useApi } from '../shared/use-api.ts';

type StatusMessage = {
  direction: 'inbound' | 'outbound';
  from_name: string | null;
  text: string;
  created_at: string;
  attachments?: { filename: string }[];
};
type TicketStatus = { reference: string; subject: string; status: string; messages: StatusMessage[] };

export function StatusPage({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const path = `/api/v1/help/status/${encodeURIComponent(token)}`;
  const ticket = useApi<TicketStatus>(path);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);

  const onReply = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSent(false);
    try {
      await api(`${path}/replies`, { method: 'POST', json: { text } });
      setText('');
      setSent(true);
      ticket.reload();
    } catch (err) {
      setError(err);
    }
  };

  const data = ticket.data;
  return (
    <>
      <h1>{t('status.title')}</h1>
      {ticket.loading && !data ? <p>{t('common.loading')}</p> : null}
      {/* A tampered, expired or foreign link is a plain 404: said in the customer's language, not as an API error. */}
      {ticket.error instanceof ApiError && ticket.error.status === 404 ? <NotFound text={t('status.notFound')} /> : <ErrorNotice error={ticket.error} />}
      {data ? (
        <>
          <dl className="panel status-facts">
            <dt>{t('status.reference')}</dt>
            <dd data-testid="status-reference">{data.reference}</dd>
            <dt>{t('contact.subject')}</dt>
            <dd>{data.subject}</dd>
            <dt>{t('status.state')}</dt>
            <dd>{t(`status.states.${data.status}`, { defaultValue: data.status })}</dd>
          </dl>
          <ol className="thread" aria-label={data.subject}>
            {data.messages.map((m, i) => (
              <li key={i} className={m.direction}>
                <strong>{m.direction === 'inbound' ? t('status.you') : (m.from_name ?? t('status.support'))}</strong>{' '}
                <time dateTime={m.created_at}>{new Date(m.created_at).toLocaleString(i18n.language)}</time>
                <pre>{m.text}</pre>
                {m.attachments && m.attachments.length > 0 ? (
                  <p className="hint">{labelled(t('status.attachments'))}{listed(m.attachments.map((a) => a.filename))}</p>
                ) : null}
              </li>
            ))}
          </ol>
          <form onSubmit={onReply}>
            <label htmlFor="status-reply">{t('status.reply')}</label>
            <p className="hint" id="status-reply-hint">{t('status.replyHint')}</p>
            <textarea id="status-reply" required rows={5} cols={60} value={text} onChange={(e) => setText(e.target.value)} aria-describedby="status-reply-hint" />
            <ErrorNotice error={error} />
            {sent ? <p role="status" className="ok">{t('status.sent')}</p> : null}
            <p><button type="submit">{t('status.send')}</button></p>
          </form>
        </>
      ) : null}
    </>
  );
}
