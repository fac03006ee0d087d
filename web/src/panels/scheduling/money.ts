/**
 * Prices travel in minor units (cents, fils). People type them as money in the clinic's currency,
 * with as many decimals as that currency has (2 for USD, 0 for JPY, 3 for KWD).
 */
export function fractionDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

export const toMinor = (amount: number, currency: string) =>
  Math.round(amount * 10 ** fractionDigits(currency));
export const fromMinor = (minor: number, currency: string) => minor / 10 ** fractionDigits(currency);
