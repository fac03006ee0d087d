import { type GetInputPropsOptions, type UseFormReturnType, useForm } from '@mantine/form';
import { type FormEvent, useId } from 'react';
import { type MessageKey, useT } from '../i18n';

/** A check of one field: the key of the message to show under it, or null when it is fine. */
export type Rule<V, T> = (value: T, values: V) => MessageKey | null;

type Field<V> = keyof V & string;

export interface I18nFormOptions<V> {
  initialValues: V;
  /**
   * Fields that must be filled in (blank text, null or an empty list is "not filled"). The
   * submit button waits for them (`ready`), as every form here always has; submitting anyway
   * (Enter) says "Fill this in" under each.
   */
  required?: Field<V>[] | ((values: V) => Field<V>[]);
  /**
   * Checks beyond "filled in", shown under the field when it loses focus and when the form is
   * sent. A rule gets the value even when it is empty: leave emptiness to `required`.
   */
  rules?: { [K in Field<V>]?: Rule<V, V[K]> };
}

export interface I18nForm<V> {
  values: V;
  setFieldValue: <K extends Field<V>>(name: K, value: V[K]) => void;
  /** Props for a Mantine input: value, onChange, onBlur, and the error in the current language. */
  field: (
    name: Field<V>,
    options?: GetInputPropsOptions,
  ) => ReturnType<UseFormReturnType<V>['getInputProps']>;
  /** Props for a Checkbox or Switch. */
  checkbox: (name: Field<V>) => ReturnType<UseFormReturnType<V>['getInputProps']>;
  /** Every required field is filled in. */
  ready: boolean;
  /**
   * The `<form onSubmit>` handler: checks every rule, then calls `send` with the values; on a
   * failed check it shows the messages and puts the cursor in the first field that has one.
   * Typed for any element so it also fits `<Stack component="form" onSubmit>`.
   */
  submit: (send: (values: V) => void) => (event?: FormEvent<Element>) => void;
  reset: () => void;
  /** The underlying @mantine/form form, for what the helper does not cover. */
  form: UseFormReturnType<V>;
}

const blank = (v: unknown) =>
  v === null ||
  v === undefined ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/**
 * A form on @mantine/form whose checks answer with dictionary keys, so a message is always in
 * the current language (and follows a language switch while it is shown). See docs/WEB.md
 * "Forms, tables and plurals".
 */
export function useI18nForm<V extends object>({
  initialValues,
  required = [],
  rules = {},
}: I18nFormOptions<V>): I18nForm<V> {
  const t = useT();
  // @mantine/form takes only letters, digits and dashes in a form's name; React's ids have others.
  const name = `form-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const requiredOf = (values: V) => (typeof required === 'function' ? required(values) : required);
  const ruled = Object.keys(rules) as Field<V>[];
  const form = useForm<V>({
    mode: 'controlled',
    name,
    initialValues,
    validateInputOnBlur: ruled,
    validate: (values) => {
      const errors: Record<string, MessageKey> = {};
      for (const k of requiredOf(values)) if (blank(values[k])) errors[k] = 'form.required';
      for (const k of ruled) {
        if (errors[k]) continue;
        const rule = rules[k] as Rule<V, V[typeof k]> | undefined;
        const key = rule?.(values[k], values);
        if (key) errors[k] = key;
      }
      return errors;
    },
  });
  const translated = (props: ReturnType<typeof form.getInputProps>) => ({
    ...props,
    error: props.error ? t(props.error as MessageKey) : undefined,
  });
  return {
    values: form.values,
    setFieldValue: (k, v) => form.setFieldValue(k, v as never),
    field: (k, options) => translated(form.getInputProps(k, options)),
    checkbox: (k) => translated(form.getInputProps(k, { type: 'checkbox' })),
    ready: requiredOf(form.values).every((k) => !blank(form.values[k])),
    submit: (send) => (event) =>
      form.onSubmit(
        (values) => send(values),
        (errors) => {
          const first = Object.keys(errors)[0];
          if (first) form.getInputNode(first as Field<V>)?.focus();
        },
      )(event as FormEvent<HTMLFormElement> | undefined),
    reset: form.reset,
    form,
  };
}

/** Common rules, each answering with a dictionary key. Empty values pass (see `required`). */
export const check = {
  email: (v: string): MessageKey | null =>
    !v.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : 'form.email',
  /** A new password: at least 10 characters (not UTF-16 units: an emoji is one), as the server asks. */
  newPassword: (v: string): MessageKey | null => (!v || [...v].length >= 10 ? null : 'form.passwordShort'),
  /** A phone number as the server takes it: with its country code (+ or 00), then digits. */
  phone: (v: string): MessageKey | null =>
    !v.trim() || /^(\+|00)[\d\s().-]{6,}$/.test(v.trim()) ? null : 'errors.invalid_phone',
};
