import { useTranslation } from 'react-i18next';
import { AttachmentList } from './AttachmentList.tsx';
import { AuthBadges } from './AuthBadges.tsx';
import { MailFrame } from './MailFrame.tsx';
import type { Message } from './types.ts';
import { labelled, listed } from '../shared/punctuation.ts';

export function MessageCard({ ticketId, message: m }: { ticketId: number; message: Message }) {
  const { t, i18n } = useTranslation();
  return (
    <div className={`message ${m.direction} ${m.kind}`} data-testid={`message-${m.id}`}>
      <p className="message-head">
        <strong>{m.from_name ? `${m.from_name} <${m.from}>` : m.from}</strong>{' '}
        <time dateTime={m.created_at}>{new Date(m.created_at).toLocaleString(i18n.language)}</time>{' '}
        {m.auth ? <AuthBadges auth={m.auth} /> : null}
      </p>
      {m.direction === 'inbound' && m.unverified_sender ? (
        <p className="notice" role="note" data-testid="unverified">{t('ticket.unverified')}</p>
      ) : null}
      {m.threading_note ? (
        <p className="notice" role="note" data-testid="threading-note">{labelled(t('ticket.threadingNote'))}{m.threading_note}</p>
      ) : null}
      {m.html ? <MailFrame html={m.html} title={labelled(t('ticket.htmlFrame')) + m.subject} /> : <pre className="message-text">{m.text}</pre>}
      {m.chain_refs.length > 0 ? (
        <div className="chain-refs">
          <span className="hint">{labelled(t('ticket.chainRefs'))}</span>
          <ul>
            {m.chain_refs.map((ref) => (
              <li key={`${ref.kind}:${ref.value}`}>
                <span className="badge neutral">{ref.chain} {ref.kind}</span> <code>{ref.value}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {m.evidence_missing.length > 0 ? (
        <p className="hint">{labelled(t('ticket.evidenceMissing'))}{listed(m.evidence_missing.map((item) => t(`evidence.${item}`, { defaultValue: item })))}</p>
      ) : null}
      {m.attachments.length > 0 ? <AttachmentList ticketId={ticketId} attachments={m.attachments} /> : null}
    </div>
  );
}
