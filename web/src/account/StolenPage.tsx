import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../shared/router.ts';
import { useApi } from '../shared/use-api.ts';
import { accountApi, type Security } from './account-api.ts';
import { Field } from './Field.tsx';
import { FormAlert } from './FormAlert.tsx';
import { PasswordChangeForm } from './PasswordPage.tsx';
import { useSession } from './session.ts';
import { TotpSetup } from './TotpSetup.tsx';
import { useAction } from './use-action.ts';
import { useReauthentication } from './use-reauthentication.tsx';

type Step = 'report' | 'password' | 'two_factor' | 'done';
const steps: Step[] = ['report', 'password', 'two_factor', 'done'];

/** Without a session: what still helps (reset by mail, the contact form). */
function SignedOutHelp() {
  const { t } = useTranslation('account');
  return (
    <>
      <p>{t('stolen.signedOut')}</p>
      <ol className="guide">
        <li><Link href="/account/forgot">{t('stolen.resetLink')}</Link> — {t('stolen.resetWhy')}</li>
        <li><Link href="/contact">{t('overview.contact')}</Link> — {t('stolen.contactWhy')}</li>
        <li><Link href="/account/signin?next=/account/stolen">{t('stolen.signInLink')}</Link> — {t('stolen.signInWhy')}</li>
      </ol>
    </>
  );
}

function ReportForm({ onReported }: { onReported: (reference: string) => void }) {
  const { t } = useTranslation('account');
  const [form, setForm] = useState({ last_good_login: '', not_me: '', amounts: '', details: '' });
  const { busy, error, run } = useAction();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // Empty optional answers are left out rather than sent as blanks.
    const json = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim()));
    const answer = await run(() => accountApi<{ ticket_reference: string }>('/stolen', { method: 'POST', json }));
    if (answer) onReported(answer.ticket_reference);
  };

  return (
    <form className="account-form" onSubmit={onSubmit}>
      <p>{t('stolen.reportIntro')}</p>
      <Field id="stolen-last-good" label={t('stolen.lastGood')} hint={t('stolen.lastGoodHint')} value={form.last_good_login} onChange={set('last_good_login')} maxLength={200} />
      <Field id="stolen-not-me" multiline label={t('stolen.notMe')} hint={t('stolen.notMeHint')} value={form.not_me} onChange={set('not_me')} maxLength={2000} />
      <Field id="stolen-amounts" multiline label={t('stolen.amounts')} hint={t('stolen.amountsHint')} value={form.amounts} onChange={set('amounts')} maxLength={2000} />
      <Field id="stolen-details" multiline label={t('stolen.details')} hint={t('stolen.detailsHint')} required value={form.details} onChange={set('details')} maxLength={10000} />
      <FormAlert error={error} />
      <p className="actions"><button type="submit" className="danger" disabled={busy}>{t('stolen.submit')}</button></p>
    </form>
  );
}

/** An authenticator app, unless one is on already (then the advice is new recovery codes). */
function TwoFactorStep({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('account');
  const security = useApi<Security>('/security', accountApi);
  const { guard, prompt } = useReauthentication();
  if (!security.data) return <FormAlert error={security.error} />;
  if (security.data.two_factor.totp) {
    return (
      <>
        <p>{t('stolen.twoFactorOn')} <Link href="/account/2fa">{t('codes.renew')}</Link></p>
        <p className="actions"><button type="button" onClick={onDone}>{t('stolen.next')}</button></p>
      </>
    );
  }
  return (
    <>
      <p>{t('stolen.twoFactorIntro')}</p>
      {prompt}
      <TotpSetup guard={guard} onDone={onDone} />
      <p><button type="button" className="secondary" onClick={onDone}>{t('stolen.twoFactorLater')}</button></p>
    </>
  );
}

/** The guided "my account was stolen" flow: report + freeze + sign out elsewhere, new password, then 2FA. */
export function StolenPage() {
  const { t } = useTranslation('account');
  const { me } = useSession();
  const [step, setStep] = useState<Step>('report');
  const [reference, setReference] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) heading.current?.focus();
    moved.current = true;
  }, [step]);

  return (
    <>
      <h1>{t('stolen.title')}</h1>
      {me === null ? <SignedOutHelp /> : null}
      {me ? (
        <>
          <ol className="stepper">
            {steps.map((s, i) => (
              <li key={s} aria-current={s === step ? 'step' : undefined} className={steps.indexOf(step) > i ? 'done' : undefined}>
                {t(`stolen.steps.${s}`)}
              </li>
            ))}
          </ol>
          {reference !== undefined ? <p role="status" className="ok" data-testid="stolen-reference">{reference ? t('stolen.reported', { reference }) : t('stolen.frozen')}</p> : null}
          <h2 ref={heading} tabIndex={-1}>{t(`stolen.steps.${step}`)}</h2>
          {step === 'report' ? <ReportForm onReported={(ref) => { setReference(ref); setStep('password'); }} /> : null}
          {step === 'password' ? <PasswordChangeForm onChanged={() => setStep('two_factor')} /> : null}
          {step === 'two_factor' ? <TwoFactorStep onDone={() => setStep('done')} /> : null}
          {step === 'done' ? (
            <>
              <p>{t('stolen.doneText')}</p>
              <p><Link href="/account">{t('nav.overview')}</Link> · <Link href="/account/activity">{t('nav.activity')}</Link></p>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
