import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../shared/router.ts';
import { useApi } from '../shared/use-api.ts';
import { accountApi, type Security } from './account-api.ts';
import { FormAlert } from './FormAlert.tsx';
import { HoldCountdown } from './HoldCountdown.tsx';
import { pageOfStep } from './next-steps.ts';
import { useSession } from './session.ts';
import { useAction } from './use-action.ts';
import { labelled } from '../shared/punctuation.ts';

export function OverviewPage() {
  const { t } = useTranslation('account');
  const { me } = useSession();
  const security = useApi<Security>('/security', accountApi);
  const resend = useAction();
  const [resent, setResent] = useState(false);
  const s = security.data;

  return (
    <>
      <h1>{t('overview.title')}</h1>
      {me ? <p>{t('overview.signedInAs', { email: me.email })}</p> : null}
      {security.loading && !s ? <p>{t('common.loading')}</p> : null}
      <FormAlert error={security.error} />
      {s?.frozen ? (
        <div className="banner frozen" role="alert" data-testid="frozen-banner">
          <strong>{t('overview.frozenTitle')}</strong> {t('overview.frozenText')} <Link href="/contact">{t('overview.contact')}</Link>
        </div>
      ) : null}
      {s && !s.email_verified ? (
        <div className="notice">
          <p>{t('overview.unverified')}</p>
          {resent ? <p role="status">{t('overview.resent')}</p> : (
            <button type="button" className="secondary" disabled={resend.busy} onClick={() => void resend.run(() => accountApi('/verify-email/resend', { method: 'POST' })).then((r) => r !== undefined && setResent(true))}>
              {t('overview.resend')}
            </button>
          )}
          <FormAlert error={resend.error} />
        </div>
      ) : null}
      {s ? (
        <div className="overview-grid">
          <section className="card" aria-labelledby="score-heading">
            <h2 id="score-heading">{t('overview.score')}</h2>
            <p className="score">
              <meter min={0} max={100} low={50} high={80} optimum={100} value={s.score} aria-labelledby="score-heading" />{' '}
              <strong data-testid="security-score">{s.score}</strong> / 100
            </p>
          </section>
          <section className="card" aria-labelledby="twofa-heading">
            <h2 id="twofa-heading">{t('twoFactor.title')}</h2>
            <ul className="plain" data-testid="two-factor-state">
              <li>{labelled(t('twoFactor.totp'))}<strong>{s.two_factor.totp ? t('common.on') : t('common.off')}</strong></li>
              <li>{labelled(t('twoFactor.sms'))}<strong>{s.two_factor.sms ? t('common.on') : t('common.off')}</strong></li>
              <li>{t('twoFactor.codesLeft', { count: s.two_factor.recovery_codes_left })}</li>
            </ul>
            <p><Link href="/account/2fa">{t('overview.manage2fa')}</Link></p>
          </section>
          <section className="card" aria-labelledby="hold-heading">
            <h2 id="hold-heading">{t('hold.title')}</h2>
            <HoldCountdown hold={s.hold} onEnded={security.reload} />
          </section>
          <section className="card" aria-labelledby="phrase-heading">
            <h2 id="phrase-heading">{t('phrase.title')}</h2>
            <p>{s.phrase_set ? t('overview.phraseSet') : t('overview.phraseUnset')}</p>
            <p><Link href="/account/phrase">{t('overview.managePhrase')}</Link></p>
          </section>
        </div>
      ) : null}
      {s ? (
        <section aria-labelledby="steps-heading">
          <h2 id="steps-heading">{t('overview.nextSteps')}</h2>
          {s.next_steps.length === 0 ? <p className="ok">{t('overview.allDone')}</p> : (
            <ol className="next-steps" data-testid="next-steps">
              {s.next_steps.map((step) => {
                const text = t(`steps.${step}`, { defaultValue: step });
                const href = pageOfStep(step);
                return <li key={step}>{href ? <Link href={href}>{text}</Link> : text}</li>;
              })}
            </ol>
          )}
          <p className="hint">{t('overview.advice')}</p>
        </section>
      ) : null}
    </>
  );
}
