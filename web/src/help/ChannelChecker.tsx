import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { currentLocale } from '../shared/i18n.ts';
import { aside, labelled } from '../shared/punctuation.ts';

type Verdict = {
  verdict: 'official' | 'not_official' | 'invalid';
  kind: string;
  normalized: string;
  reason: string;
  advice_en: string;
  advice_zh: string;
};

export function ChannelChecker() {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [result, setResult] = useState<Verdict>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api<Verdict>('/api/v1/help/check-channel', { method: 'POST', json: { input } }));
    } catch (err) {
      setResult(undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('checker.title')}</h1>
      <p>{t('checker.intro')}</p>
      <form onSubmit={onSubmit}>
        <label htmlFor="channel-input">{t('checker.label')}</label>
        <input id="channel-input" type="text" required value={input} onChange={(e) => setInput(e.target.value)} size={48} autoComplete="off" spellCheck={false} />{' '}
        <button type="submit" disabled={busy}>{t('checker.submit')}</button>
      </form>
      <div aria-live="polite">
        <ErrorNotice error={error} />
        {result ? (
          <section className={`verdict ${result.verdict}`} data-testid="verdict" data-verdict={result.verdict}>
            <h2>{t(`checker.${result.verdict}`)}</h2>
            <p>{labelled(t('checker.normalized'))}<code>{result.normalized}</code>{aside(result.kind)}</p>
            <p>{currentLocale() === 'zh-CN' ? result.advice_zh : result.advice_en}</p>
          </section>
        ) : null}
      </div>
    </>
  );
}
