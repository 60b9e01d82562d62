import { useTranslation } from 'react-i18next';
import type { Attachment } from './types.ts';
import { labelled } from '../shared/punctuation.ts';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const previewable = /^image\/(png|jpeg|gif|webp)$/;

export function AttachmentList({ ticketId, attachments }: { ticketId: number; attachments: Attachment[] }) {
  const { t } = useTranslation();
  return (
    <div className="attachments">
      <span className="hint">{labelled(t('ticket.attachments'))}</span>
      <ul>
        {attachments.map((a) => {
          const url = `/api/v1/tickets/${ticketId}/attachments/${a.id}`;
          return (
            <li key={a.id} className={a.quarantined ? 'quarantined' : undefined}>
              {a.quarantined ? (
                <>
                  <span className="badge fail">{t('ticket.quarantined')}</span> {a.filename} ({size(a.size)}) — {a.quarantine_reason}
                </>
              ) : (
                <>
                  <a href={url} download={a.filename}>{a.filename}</a> ({a.content_type}, {size(a.size)})
                  {previewable.test(a.content_type) ? (
                    <img className="preview" src={url} alt={a.filename} loading="lazy" />
                  ) : null}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
