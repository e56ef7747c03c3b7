// Not in errors.ts: the adapter builds take errors.ts from the package root, which does not export this.

/** A programmer error (bad options): a `TypeError` naming the package. */
export function misuse(message: string): TypeError {
  return new TypeError(`wmspanel-notifications: ${message}`);
}
