import { NotificationError } from './errors.js';

// Names and identifiers are short in practice; a bound keeps a hostile body from carrying megabytes of
// text into the caller's logs and replay store.
export const MAX_TEXT_FIELD_LENGTH = 1024;

/** An `INVALID_NOTIFICATION` error: the JSON is not what the kind expects. */
export function invalid(message: string, cause?: unknown): NotificationError {
  return new NotificationError('INVALID_NOTIFICATION', message, cause === undefined ? undefined : { cause });
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of `record` (a field inherited from a prototype was not in the body), or `undefined`. */
export function readOptionalField(record: object, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, name) ? (record as Record<string, unknown>)[name] : undefined;
}

/** A required own field: `INVALID_NOTIFICATION` when missing. */
export function readField(record: object, name: string): unknown {
  const value = readOptionalField(record, name);
  if (value === undefined) throw invalid(`Field "${name}" is missing`);
  return value;
}

/** An optional string field: absent (or null), or a string of at most `max` characters. */
export function readOptionalText(record: object, name: string, max = MAX_TEXT_FIELD_LENGTH): string | undefined {
  const value = readOptionalField(record, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`Field "${name}" must be a string`);
  if (value.length > max) throw invalid(`Field "${name}" is longer than ${max} characters`);
  return value;
}

/** A required non-empty string field of at most {@link MAX_TEXT_FIELD_LENGTH} characters. */
export function readText(record: object, name: string): string {
  const value = readField(record, name);
  if (typeof value !== 'string') throw invalid(`Field "${name}" must be a string`);
  if (value.length === 0) throw invalid(`Field "${name}" is empty`);
  if (value.length > MAX_TEXT_FIELD_LENGTH) {
    throw invalid(`Field "${name}" is longer than ${MAX_TEXT_FIELD_LENGTH} characters`);
  }
  return value;
}

