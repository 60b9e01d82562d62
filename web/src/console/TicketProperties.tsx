import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent, Ticket } from './types.ts';
import { aside, labelled } from '../shared/punctuation.ts';

const statuses = ['new', 'open', 'pending', 'resolved', 'closed'];
const priorities = ['urgent', 'high', 'normal', 'low'];
const categories = ['account', 'security', 'transaction', 'fees', 'personal_info', 'restriction', 'other'];

export function TicketProperties(props: { ticket: Ticket; agent: Agent; onUpdate: (changes: Record<string, unknown>) => Promise<boolean> }) {
  const { t } = useTranslation();
  const { ticket, agent, onUpdate } = props;
  const [tags, setTags] = useState((ticket.tags ?? []).join(', '));
  const [saved, setSaved] = useState(false);
  useEffect(() => setTags((ticket.tags ?? []).join(', ')), [ticket.tags]);

  const change = async (changes: Record<string, unknown>) => {
    setSaved(false);
    setSaved(await onUpdate(changes));
  };
  const onTags = (event: FormEvent) => {
    event.preventDefault();
    void change({ tags: tags.split(',').map((s) => s.trim()).filter(Boolean) });
  };

  return (
    <aside className="properties panel" aria-labelledby="properties-heading">
      <h2 id="properties-heading">{t('ticket.properties')}</h2>
      <label htmlFor="prop-status">{t('ticket.status')}</label>
      <select id="prop-status" value={ticket.status} onChange={(e) => void change({ status: e.target.value })}>
        {statuses.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
      </select>
      <label htmlFor="prop-priority">{t('ticket.priority')}</label>
      <select id="prop-priority" value={ticket.priority} onChange={(e) => void change({ priority: e.target.value })}>
        {priorities.map((p) => <option key={p} value={p}>{t(`priorities.${p}`)}</option>)}
      </select>
      <label htmlFor="prop-category">{t('ticket.category')}</label>
      <select id="prop-category" value={ticket.category} onChange={(e) => void change({ category: e.target.value })}>
        {categories.map((c) => <option key={c} value={c}>{t(`categories.${c}`)}</option>)}
      </select>
      <p>
        <span className="label-like">{labelled(t('ticket.assignee'))}</span>
        <span data-testid="assignee">{ticket.assignee ? (ticket.assignee.name ?? ticket.assignee.email) : t('ticket.unassigned')}</span>
      </p>
      {ticket.assignee?.id === agent.id ? (
        <button type="button" className="secondary" onClick={() => void change({ assignee_id: null })}>{t('ticket.unassign')}</button>
      ) : (
        <button type="button" className="secondary" onClick={() => void change({ assignee_id: agent.id })}>{t('ticket.assignMe')}</button>
      )}
      <form onSubmit={onTags}>
        <label htmlFor="prop-tags">{t('ticket.tags')}</label>
        <p className="hint" id="prop-tags-hint">{t('ticket.tagsHint')}</p>
        <input id="prop-tags" type="text" value={tags} aria-describedby="prop-tags-hint" onChange={(e) => setTags(e.target.value)} />{' '}
        <button type="submit" className="secondary">{t('ticket.save')}</button>
      </form>
      <p>
        <button type="button" onClick={() => void change({ status: 'resolved' })}>{t('ticket.resolve')}{aside('e')}</button>
      </p>
      {saved ? <p role="status" className="ok">{t('ticket.saved')}</p> : null}
    </aside>
  );
}
