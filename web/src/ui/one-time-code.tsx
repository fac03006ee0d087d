import { TextInput, type TextInputProps } from '@mantine/core';

/**
 * A 6-digit code from an authenticator app: digits only, the phone's number pad, and the
 * browser's/OS's one-time-code autofill. Wider letter spacing so the digits read one by one.
 */
export function OneTimeCodeInput({
  value,
  onValue,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onValue: (code: string) => void }) {
  return (
    <TextInput
      autoComplete="one-time-code"
      inputMode="numeric"
      pattern="[0-9]*"
      maxLength={6}
      dir="ltr"
      {...props}
      value={value}
      onChange={(e) => onValue(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
      styles={{ input: { fontSize: 22, letterSpacing: '0.35em', textAlign: 'center' } }}
    />
  );
}

/** A recovery code as typed (letters, digits, a dash), kept short. */
function cleanRecoveryCode(text: string): string {
  return text.replace(/[^A-Za-z0-9\- ]/g, '').slice(0, 20);
}

/** A recovery code (or, where `autoComplete` says so, either kind of code): no capitals or spelling help. */
export function RecoveryCodeInput({
  value,
  onValue,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onValue: (code: string) => void }) {
  return (
    <TextInput
      autoComplete="off"
      autoCapitalize="none"
      spellCheck={false}
      dir="ltr"
      {...props}
      value={value}
      onChange={(e) => onValue(cleanRecoveryCode(e.currentTarget.value))}
    />
  );
}
