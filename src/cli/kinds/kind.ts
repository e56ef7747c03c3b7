// What the command knows of a kind: one entry a `--kind` (status.ts, stream.ts, ...), listed in index.ts.
// The commands read only the entries, never a kind's name or module: adding a kind to the command is one
// entry, and its line in index.ts.
import type { NotificationHandlerOptions } from '../../adapters/node.js';
import type { KindSpec } from '../../lib/kind.js';
import type { NotificationVerifier } from '../../lib/verifier.js';
import type { Case } from '../check-case.js';
import type { CliIo, OptionSpec, Values } from '../shared.js';

/** What sign prints and send POSTs, and how send reads the decisions in a 2xx answer to it. */
export interface Made {
  body: string;
  /**
   * Reads the decisions in the answer (a deny list, each publisher's decision): the lines send prints, and
   * whether they are right; throws when the answer is not one the sender reads. Absent for a kind answered
   * only "received".
   */
  readAnswer?: (text: string) => { lines: string[]; ok: boolean };
}

/** What verify checks a body against: the token (empty for an unsigned kind), and --max-age for a kind with a time. */
export interface VerifyOptions {
  token: string;
  maxAgeSeconds?: number;
}

/** One request demo sends, and the status it expects. */
export interface DemoStep {
  label: string;
  body: string;
  expected: number;
  /** What the decision in the answer is (a deny list and its Solution), and whether it is right; undefined when the answer carries none. */
  read?: (text: string) => { what: string; ok: boolean } | undefined;
}

/**
 * What `check --kind` checks: a kind of the table (its `cases`), or something else Nimble fetches from the
 * user's side (an Advertizer scenario, which it GETs).
 */
export interface CheckTarget {
  /** Its `--kind` value. */
  readonly name: string;
  /** Whether its cases are signed with the token: check then needs one. */
  readonly signed: boolean;
  /** What check sends, in order, with what it expects back. */
  cases(token: string): Case[];
  readonly help: {
    /** In check's description: what check sends. */
    readonly check: string;
  };
}

/**
 * A kind of the command. `N` is its request, as its verifier returns it. The help parts are pieces of usage
 * texts that name every kind, and keep the line breaks those texts have always had (they are joined, not
 * re-wrapped): a new kind's part may start with a newline.
 */
export interface CliKind<N = unknown> {
  /** Its `--kind` value (scripts depend on it: never renamed). */
  readonly name: string;
  /** The library's kind: its tag, its name in prose, its callback option, and whether it is signed (a token needed). */
  readonly spec: Pick<KindSpec<string, N, never>, 'kind' | 'name' | 'callback' | 'signed'>;
  /** What `--forge` takes with it, in the order check sends them: the command's one list. None for an unsigned kind. */
  readonly forgeries: readonly string[];
  /** Whether it carries a time: verify takes `--max-age` for it. */
  readonly timed: boolean;
  /**
   * Its own options of sign and send, beyond --kind, --token and --forge. An option of several kinds is one
   * shared value (options.ts); the table prefixes each description with the kinds that take it.
   */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Reads its options into its test kit's, and makes the body with the kit (which checks it with the kind's parser). */
  make(values: Values, io: CliIo): Made;
  /** Its prepared verifier, for verify. */
  verifier(options: VerifyOptions): NotificationVerifier<string, N>;
  /** A verified request as verify prints it: dates as ISO strings, nothing the output should not show. */
  json(request: N): unknown;
  /** listen's callback option for it: prints each one as one JSON line with `out`, and answers it by `deny`. */
  listen(out: (line: string) => void, deny: ReadonlySet<string>): NotificationHandlerOptions;
  /** What check sends, in order, with what it expects back. */
  cases(token: string): Case[];
  readonly help: {
    /** In the main help's list of kinds: its name, and what it is when the name does not say. */
    readonly about: string;
    /** In check's description: what check sends. */
    readonly check: string;
    /** In send's description, for a kind answered with decisions: what send prints of them. */
    readonly send?: string;
    /** In listen's description, for a kind answered with decisions: how listen answers. */
    readonly listen?: string;
  };
  /** Its part of demo, if it has one. */
  readonly demo?: {
    /** In demo's description: what demo sends of it. */
    readonly help: string;
    /** The demo receiver's options for it: its callback, which says what it did, and any option demo shows. */
    receive(out: (line: string) => void): NotificationHandlerOptions;
    /** What demo sends of it, in order. */
    steps(token: string): DemoStep[];
  };
}
