import type { InputHTMLAttributes, Ref, TextareaHTMLAttributes } from 'react';

type Common = { id: string; label: string; hint?: string; error?: string; inputRef?: Ref<HTMLInputElement> };
type Props = Common & ((InputHTMLAttributes<HTMLInputElement> & { multiline?: false }) | (TextareaHTMLAttributes<HTMLTextAreaElement> & { multiline: true }));

/** A labelled control whose hint and error are read out with it (aria-describedby), marked invalid on error. */
export function Field(props: Props) {
  const { id, label, hint, error, multiline, inputRef, ...control } = props;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const shared = { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
      {multiline ? (
        <textarea {...(control as TextareaHTMLAttributes<HTMLTextAreaElement>)} {...shared} />
      ) : (
        <input {...(control as InputHTMLAttributes<HTMLInputElement>)} {...shared} ref={inputRef} />
      )}
      {error ? <p className="field-error" id={`${id}-error`} role="alert">{error}</p> : null}
    </div>
  );
}
