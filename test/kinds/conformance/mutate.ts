// fast-check arbitraries for the conformance suite: anything a sender (or a body parser) could hand the
// receive step, and mutations of a genuine body, as a JSON value and as text.
import fc from 'fast-check';

type Path = (string | number)[];
const DELETE = Symbol('delete');

/** Every path in a JSON value, the root's included. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const paths: Path[] = [at];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...at, index])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...at, key]));
  return paths;
}

/**
 * A copy of `value` with what is at `path` given to `update`, and replaced by what it returns (deleted for
 * DELETE); a path an earlier change removed changes nothing.
 */
function updateAt(value: unknown, path: Path, update: (inner: unknown) => unknown): unknown {
  if (path.length === 0) return update(value);
  if (typeof value !== 'object' || value === null) return value;
  const [head, ...rest] = path as [string | number, ...Path];
  if (!Object.hasOwn(value, head)) return value;
  const inner = updateAt((value as Record<string | number, unknown>)[head], rest, update);
  if (Array.isArray(value)) {
    const copy = [...value];
    if (inner === DELETE) copy.splice(head as number, 1);
    else copy[head as number] = inner;
    return copy;
  }
  if (inner !== DELETE) return { ...value, [head]: inner };
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== String(head)));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a field may become: gone, another type, an edge value, or anything. */
const replacement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(DELETE, null, '', 0, -1, 1.5, 2 ** 53, true, false, [], {}, 'live/stream', '2026-11-26 10:00:00 UTC', '00000000-0000-4000-8000-000000000000'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
  fc.anything({ maxDepth: 2 }),
);

/** A genuine body parsed, with one to three of its fields (or the whole) replaced, deleted or given a sibling. */
export function mutatedValue(body: string): fc.Arbitrary<unknown> {
  const value = JSON.parse(body) as unknown;
  const paths = pathsOf(value);
  const change = fc.oneof(
    fc.tuple(fc.constantFrom(...paths), replacement).map(([at, to]) => (inner: unknown) => updateAt(inner, at, () => to)),
    // A new field in an object (a new key, or one of another kind's).
    fc
      .tuple(fc.constantFrom(...paths), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('url', 'ID', 'time', 'status', 'digest', 'PayPerViewInfo')), replacement)
      .map(([at, key, to]) => (inner: unknown) => updateAt(inner, at, (holder) => (isObject(holder) && to !== DELETE ? { ...holder, [key]: to } : holder))),
  );
  return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => {
    const changed = changes.reduce<unknown>((current, apply) => apply(current), value);
    return changed === DELETE ? undefined : changed;
  });
}

/** A genuine body's text cut short, with a character dropped, replaced or added, or encoded again as JSON. */
export function mutatedText(body: string): fc.Arbitrary<string> {
  const at = fc.nat(body.length);
  return fc.oneof(
    at.map((index) => body.slice(0, index)),
    at.map((index) => body.slice(0, index) + body.slice(index + 1)),
    fc.tuple(at, fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })).map(([index, text]) => body.slice(0, index) + text + body.slice(index + 1)),
    fc.tuple(at, fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })).map(([index, text]) => body.slice(0, index) + text + body.slice(index)),
    fc.constant(JSON.stringify(body)),
    fc.constant(`<?xml version="1.0"?>${body}`),
    fc.constant(`\uFEFF${body}`),
  );
}

/** Anything the body reader could return: text, bytes, or what a body parser made. */
export const anyBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.jsonValue(),
  fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 64 }),
  fc.constantFrom(undefined, null, '', ' ', '{}', '[]', 'null', '<ApiSyncRequest/>', new ArrayBuffer(0)),
);

/** Anything, and a kit's genuine body mutated, as a value, as text, and as bytes. */
export function bodiesLike(genuine: () => string): fc.Arbitrary<unknown> {
  const body = genuine();
  return fc.oneof(
    { arbitrary: anyBody, weight: 1 },
    { arbitrary: mutatedValue(body), weight: 3 },
    { arbitrary: mutatedValue(body).map((value) => JSON.stringify(value) ?? ''), weight: 2 },
    { arbitrary: mutatedText(body), weight: 2 },
    { arbitrary: mutatedText(body).map((text) => new TextEncoder().encode(text)), weight: 1 },
  );
}
