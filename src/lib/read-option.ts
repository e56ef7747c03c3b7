import { misuse } from './misuse.js';

/**
 * Reads a count or a duration option: `fallback` when it is `undefined`, `Infinity` only where
 * `infinityAllowed`, otherwise a safe integer of 1 or more.
 *
 * @throws TypeError naming `options.<name>` for any other value
 */
export function readPositive(value: unknown, name: string, fallback: number, infinityAllowed = false): number {
  if (value === undefined) return fallback;
  if (infinityAllowed && value === Infinity) return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw misuse(`options.${name} must be a whole number, 1 or more${infinityAllowed ? ', or Infinity' : ''}`);
  }
  return value;
}
