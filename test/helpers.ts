import { computeDigest, formatNotificationTime, isNotificationError, type NotificationErrorCode } from '../src/index.js';

export const TOKEN = 'test-token-3f9a';
export const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);
export const TIME = formatNotificationTime(NOW);

/** A genuine notification body as WMSPanel sends it, for a fixed clock at {@link NOW}. */
export function genuine(
  overrides: Partial<Record<'time' | 'digest' | 'server' | 'status', string>> = {},
  token = TOKEN,
): Record<string, string> {
  const time = overrides.time ?? TIME;
  return {
    time,
    digest: computeDigest(time, token),
    server: 'edge1.example.com',
    status: 'offline',
    ...overrides,
  };
}

/** The code of the NotificationError `run` throws, or 'passed'; anything else thrown is rethrown. */
export function codeOf(run: () => unknown): NotificationErrorCode | 'passed' {
  try {
    run();
    return 'passed';
  } catch (error) {
    if (isNotificationError(error)) return error.code;
    throw error;
  }
}

/** For fast-check: runs `parse` on an input, and lets only NotificationErrors pass (anything else thrown fails). */
export const throwsOnlyNotificationErrors =
  (parse: (input: unknown) => unknown) =>
  (input: unknown): void => {
    try {
      parse(input);
    } catch (error) {
      if (!isNotificationError(error)) throw error;
    }
  };

/** The clock of the kits' receivers and verifiers: two seconds after {@link NOW}, when the kits' bodies are fresh. */
export const testClock = (): number => NOW + 2000;
