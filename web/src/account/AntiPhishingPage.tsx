import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../shared/use-api.ts';
import { accountApi, type Security } from './account-api.ts';
import { errorText } from './error-text.ts';
import { Field } from './Field.tsx';
import { useAction } from './use-action.ts';
import { useReauthentication } from './use-reauthentication.tsx';

/** A phrase only the customer and we know, printed on top of every mail we send: a mail without it is not ours. */
export function AntiPhishingPage() {
  const { t } = useTranslation('account');
  const security = useApi<Security>('/security', accountApi);
  const { guard, prompt } = useReauthentication();
  const [phrase, setPhrase] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const ok = await run(() => guard(() => accountApi('/anti-phishing-phrase', { method: 'PUT', json: { phrase } }).then(() => true)));
    if (!ok) return;
    setSaved(true);
    security.reload();
  };

  return (
    <>
      <h1>{t('phrase.title')}</h1>
      <p>{t('phrase.what')}</p>
      <p className="notice">{t('phrase.never')}</p>
      {security.data ? <p data-testid="phrase-state">{security.data.phrase_set ? t('overview.phraseSet') : t('overview.phraseUnset')}</p> : null}
      {prompt}
      <form className="account-form" onSubmit={onSubmit}>
        <Field
          id="phrase"
          label={security.data?.phrase_set ? t('phrase.change') : t('phrase.set')}
          hint={t('phrase.hint')}
          required
          maxLength={64}
          autoComplete="off"
          value={phrase}
          onChange={(e) => setPhrase(e.target.value)}
          error={error ? errorText(error, t) : undefined}
        />
        {saved ? <p role="status" className="ok" data-testid="phrase-saved">{t('phrase.saved')}</p> : null}
        <p className="actions"><button type="submit" disabled={busy}>{t('phrase.submit')}</button></p>
      </form>
    </>
  );
}
