import { useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { useApi } from '../shared/use-api.ts';
import type { Macro, Ticket } from './types.ts';
import { aside } from '../shared/punctuation.ts';

export function ReplyEditor(props: {
  ticket: Ticket;
  textarea: RefObject<HTMLTextAreaElement>;
  onTyping: (typing: boolean) => void;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const macros = useApi<{ items: Macro[] }>('/api/v1/macros?active=true');
  const [macroId, setMacroId] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  const insertMacro = async () => {
    if (!macroId) return;
    setError(undefined);
    try {
      // The server fills in the customer's name, reference and language.
      const rendered = await api<{ text: string }>(`/api/v1/macros/${macroId}/render`, { method: 'POST', json: { ticket_id: props.ticket.id } });
      setText((prev) => (prev.trim() ? `${prev.trimEnd()}\n\n${rendered.text}` : rendered.text));
      props.textarea.current?.focus();
    } catch (err) {
      setError(err);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSent(false);
    try {
      await api(`/api/v1/tickets/${props.ticket.id}/replies`, { method: 'POST', json: { text } });
      setText('');
      setSent(true);
      props.onTyping(false);
      props.onSent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="reply-editor" onSubmit={onSubmit}>
      <div className="macro-picker">
        <label htmlFor="macro-select">{t('reply.macro')}</label>
        <select id="macro-select" value={macroId} onChange={(e) => setMacroId(e.target.value)} disabled={!macros.data}>
          <option value="">{t('reply.noMacro')}</option>
          {macros.data?.items.map((m) => <option key={m.id} value={String(m.id)}>{m.name}</option>)}
        </select>{' '}
        <button type="button" className="secondary" onClick={insertMacro} disabled={!macroId}>{t('reply.insert')}</button>
        <ErrorNotice error={macros.error} />
      </div>
      <label htmlFor="reply-text">{t('reply.label')}{aside('r')}</label>
      <textarea
        id="reply-text"
        ref={props.textarea}
        required
        rows={8}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          props.onTyping(true);
        }}
        onBlur={() => props.onTyping(false)}
      />
      <ErrorNotice error={error} />
      {sent ? <p role="status" className="ok">{t('reply.sent')}</p> : null}
      <p><button type="submit" disabled={busy || !text.trim()}>{t('reply.send')}</button></p>
    </form>
  );
}
