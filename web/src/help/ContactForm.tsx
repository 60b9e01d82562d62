import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { currentLocale } from '../shared/i18n.ts';
import { Link } from '../shared/router.ts';

// The status link travels only by mail (the form proves nobody owns the address typed into it).
type Created = { reference: string; status_link_sent?: boolean; status_url?: string };

/** The status link is absolute (it travels by mail); on this site it is followed in place. */
function localPath(url: string): string {
  try {
    const parsed = new URL(url, location.href);
    return parsed.origin === location.origin ? parsed.pathname : url;
  } catch {
    return url;
  }
}

export function ContactForm() {
  const { t } = useTranslation();
  const [created, setCreated] = useState<Created>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const done = useRef<HTMLHeadingElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    form.set('locale', currentLocale());
    setBusy(true);
    setError(undefined);
    try {
      // The browser sets the multipart boundary itself; the files travel as `files` parts.
      const result = await api<Created>('/api/v1/help/contact', { method: 'POST', body: form });
      setCreated(result);
      requestAnimationFrame(() => done.current?.focus());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <section aria-live="polite">
        <h1 ref={done} tabIndex={-1} data-testid="contact-done">{t('contact.done', { reference: created.reference })}</h1>
        <p>{created.status_link_sent === false ? t('contact.noMail') : t('contact.doneMail')}</p>
        {created.status_url ? <p><Link href={localPath(created.status_url)}>{t('contact.statusLink')}</Link></p> : null}
      </section>
    );
  }

  return (
    <>
      <h1>{t('contact.title')}</h1>
      <p>{t('contact.intro')}</p>
      <form className="contact-form" onSubmit={onSubmit}>
        <label htmlFor="contact-email">{t('contact.email')}</label>
        <p className="hint" id="contact-email-hint">{t('contact.emailHint')}</p>
        <input id="contact-email" name="email" type="email" required autoComplete="email" aria-describedby="contact-email-hint" />

        <label htmlFor="contact-name">{t('contact.name')}</label>
        <input id="contact-name" name="name" type="text" autoComplete="name" />

        <label htmlFor="contact-subject">{t('contact.subject')}</label>
        <p className="hint" id="contact-subject-hint">{t('contact.subjectHint')}</p>
        <input id="contact-subject" name="subject" type="text" required maxLength={200} aria-describedby="contact-subject-hint" />

        <label htmlFor="contact-description">{t('contact.description')}</label>
        <div className="hint" id="contact-description-hint">
          {t('contact.descriptionHint')}
          <ul>
            <li>{t('contact.hintSteps')}</li>
            <li>{t('contact.hintTime')}</li>
            <li>{t('contact.hintAsset')}</li>
          </ul>
        </div>
        <textarea id="contact-description" name="description" required aria-describedby="contact-description-hint" />

        <label htmlFor="contact-files">{t('contact.files')}</label>
        <p className="hint" id="contact-files-hint">{t('contact.filesHint')}</p>
        <input id="contact-files" name="files" type="file" multiple accept="image/*,.pdf,.csv,.txt" aria-describedby="contact-files-hint" />

        <ErrorNotice error={error} />
        <p>
          <button type="submit" disabled={busy}>{busy ? t('contact.sending') : t('contact.submit')}</button>
        </p>
      </form>
    </>
  );
}
