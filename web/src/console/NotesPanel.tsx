import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import type { Note } from './types.ts';

export function NotesPanel({ ticketId, notes, onAdded }: { ticketId: number; notes: Note[] | undefined; onAdded: () => void }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api(`/api/v1/tickets/${ticketId}/notes`, { method: 'POST', json: { text } });
      setText('');
      onAdded();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="notes" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('notes.title')}</h2>
      {notes && notes.length > 0 ? (
        <ul>
          {notes.map((n) => (
            <li key={n.id}>
              <strong>{n.author?.name ?? n.author?.email ?? n.author_email ?? ''}</strong>{' '}
              <time dateTime={n.created_at}>{new Date(n.created_at).toLocaleString(i18n.language)}</time>
              <p>{n.text}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('notes.empty')}</p>
      )}
      <form onSubmit={onSubmit}>
        <label htmlFor="note-text">{t('notes.label')}</label>
        <textarea id="note-text" rows={3} required value={text} onChange={(e) => setText(e.target.value)} />
        <ErrorNotice error={error} />
        <p><button type="submit" className="secondary">{t('notes.add')}</button></p>
      </form>
    </section>
  );
}
