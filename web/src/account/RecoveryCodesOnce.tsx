import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Recovery codes are shown this once (the server keeps only hashes): the customer confirms saving them. */
export function RecoveryCodesOnce({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const { t } = useTranslation('account');
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const copy = () => {
    navigator.clipboard?.writeText(codes.join('\n')).then(() => setCopied(true), () => setCopied(false));
  };

  return (
    <section className="card recovery-codes" aria-labelledby="codes-heading">
      <h2 id="codes-heading" ref={heading} tabIndex={-1}>{t('codes.title')}</h2>
      <p>{t('codes.intro')}</p>
      <ol className="codes" data-testid="recovery-codes">
        {codes.map((code) => <li key={code}><code>{code}</code></li>)}
      </ol>
      <p className="actions">
        <button type="button" className="secondary" onClick={copy}>{t('codes.copy')}</button>
        {copied ? <span role="status" className="ok">{t('codes.copied')}</span> : null}
      </p>
      <p className="check">
        <input id="codes-saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        <label htmlFor="codes-saved">{t('codes.saved')}</label>
      </p>
      <p className="actions"><button type="button" disabled={!saved} onClick={onSaved}>{t('codes.done')}</button></p>
    </section>
  );
}
