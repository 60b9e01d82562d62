import { useTranslation } from 'react-i18next';
import { errorText } from './error-text.ts';

/** A failure that belongs to the whole form (not one field), announced when it appears. */
export function FormAlert({ error }: { error: unknown }) {
  const { t } = useTranslation('account');
  if (!error) return null;
  return <p role="alert" className="error">{errorText(error, t)}</p>;
}
