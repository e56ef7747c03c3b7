import { misuse } from './misuse.js';

/**
 * Reads a whole-number option, 1 or more (or `Infinity` when `infinityAllowed`): `fallback` when it is
 * undefined, a TypeError naming `options.<name>` otherwise.
 */
export function readPositive(value: unknown, name: string, fallback: number, infinityAllowed = false): number {
  if (value === undefined) return fallback;
  if (infinityAllowed && value === Infinity) return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw misuse(`options.${name} must be a whole number, 1 or more${infinityAllowed ? ', or Infinity' : ''}`);
  }
  return value;
}
