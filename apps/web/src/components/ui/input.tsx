// Text inputs: a labelled field with its inline error, wired up for screen readers.
import type { InputHTMLAttributes, TextareaHTMLAttributes } from 'react';

export const inputClass =
  'block w-full rounded-xl border border-stone-400 bg-white px-3.5 py-2.5 text-sm shadow-sm placeholder:text-stone-500 focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700/30 aria-[invalid=true]:border-red-600 aria-[invalid=true]:ring-red-600/20';

interface FieldShellProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
}

type InputFieldProps = FieldShellProps & {
  multiline?: false;
} & InputHTMLAttributes<HTMLInputElement>;
type TextareaFieldProps = FieldShellProps & {
  multiline: true;
} & TextareaHTMLAttributes<HTMLTextAreaElement>;

export function FormField(props: InputFieldProps | TextareaFieldProps) {
  const { id, label, error, hint } = props;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  const shared = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    className: inputClass,
  };

  let control;
  if (props.multiline) {
    const { id: _id, label: _label, error: _error, hint: _hint, multiline: _m, ...rest } = props;
    control = <textarea rows={3} {...rest} {...shared} />;
  } else {
    const { id: _id, label: _label, error: _error, hint: _hint, multiline: _m, ...rest } = props;
    control = <input {...rest} {...shared} />;
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {control}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-stone-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
