import { Decimal } from 'decimal.js';

const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return isoCurrencies.has(code);
}

/** Digits of the minor unit: 2 for USD (cents), 0 for JPY, 3 for KWD. */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** One whole currency unit in minor units: 100 for USD, 1 for JPY. */
export function minorUnitsPerUnit(currency: string): number {
  return 10 ** minorUnitDigits(currency);
}

/** 2500 USD cents → 25: the currency amount reward rules count in. */
export function toMajorUnits(amountMinor: number, currency: string): number {
  return new Decimal(amountMinor).div(minorUnitsPerUnit(currency)).toNumber();
}

/** 2500 USD cents → "$25.00", for people to read. */
export function formatAmount(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(toMajorUnits(amountMinor, currency));
}
