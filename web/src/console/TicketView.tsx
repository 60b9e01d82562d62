import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { useApi } from '../shared/use-api.ts';
import { MessageCard } from './MessageCard.tsx';
import { NotesPanel } from './NotesPanel.tsx';
import { PresenceNotice } from './PresenceNotice.tsx';
import { ReplyEditor } from './ReplyEditor.tsx';
import { TicketProperties } from './TicketProperties.tsx';
import type { Agent, Ticket } from './types.ts';
import { usePresence } from './use-presence.ts';
import { useShortcuts } from './use-shortcuts.ts';

export function TicketView({ ticketId, agent, onChanged }: { ticketId: number; agent: Agent; onChanged: () => void }) {
  const { t } = useTranslation();
  const ticket = useApi<Ticket>(`/api/v1/tickets/${ticketId}`);
  const presence = usePresence(ticketId, agent.id);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const [actionError, setActionError] = useState<unknown>();

  const update = async (changes: Record<string, unknown>) => {
    setActionError(undefined);
    try {
      await api(`/api/v1/tickets/${ticketId}`, { method: 'PATCH', json: changes });
      ticket.reload();
      onChanged();
      return true;
    } catch (err) {
      setActionError(err);
      return false;
    }
  };
  useShortcuts({ r: () => replyBox.current?.focus(), e: () => void update({ status: 'resolved' }) });
  // A reply makes the ticket pending customer, which moves it between views.
  const replied = () => {
    ticket.reload();
    onChanged();
  };

  if (ticket.error) return <ErrorNotice error={ticket.error} />;
  const data = ticket.data;
  if (!data) return <p>{t('common.loading')}</p>;
  return (
    <article className="ticket" aria-labelledby="ticket-subject">
      <header>
        <h1 id="ticket-subject">{data.subject || '—'}</h1>
        <p className="hint">{data.reference} · {data.requester.name ? `${data.requester.name} <${data.requester.address}>` : data.requester.address}</p>
        <PresenceNotice viewers={presence.viewers} />
      </header>
      <ErrorNotice error={actionError} />
      <div className="ticket-body">
        <div className="ticket-main">
          <section aria-label={t('ticket.conversation')}>
            <ol className="conversation">
              {data.messages.map((m) => (
                <li key={m.id}>
                  <MessageCard ticketId={ticketId} message={m} />
                </li>
              ))}
            </ol>
          </section>
          <ReplyEditor ticket={data} textarea={replyBox} onTyping={presence.typing} onSent={replied} />
          <NotesPanel ticketId={ticketId} notes={data.notes} onAdded={ticket.reload} />
        </div>
        <TicketProperties ticket={data} agent={agent} onUpdate={update} />
      </div>
    </article>
  );
}
