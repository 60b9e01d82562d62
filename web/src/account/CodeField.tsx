import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text.ts';
import { Field } from './Field.tsx';

type Props = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: unknown;
  label?: string;
  hint?: string;
  recovery?: boolean;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
};

/** A one-time code (authenticator, SMS or recovery), with the failure of the call that checked it. */
export function CodeField({ id, value, onChange, error, label, hint, recovery = false, autoFocus, inputRef }: Props) {
  const { t } = useTranslation('account');
  return (
    <Field
      id={id}
      label={label ?? t(recovery ? 'fields.recoveryCode' : 'fields.code')}
      hint={hint}
      inputMode={recovery ? 'text' : 'numeric'}
      autoComplete="one-time-code"
      required
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error ? errorText(error, t) : undefined}
      inputRef={inputRef}
    />
  );
}

/** Authenticator apps show codes as "123 456"; people paste them with spaces. */
export function cleanCode(code: string): string {
  return code.replace(/\s+/g, '');
}
