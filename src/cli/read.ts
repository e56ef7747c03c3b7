// Reading what the command is given, never more than a bound: verify's stdin and --file, and the answers
// of the servers send and check talk to. One reader for all of them.

/** What {@link readAtMost} throws when its source holds more than it may read. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes / 1024 / 1024} MiB; not read further`);
    this.name = 'TooLargeError';
  }
}

/**
 * Reads a source (stdin, a file's stream, an answer's body) to its end as bytes, at most `maxBytes` of
 * them, whatever the source claims its size to be; past the bound it stops reading and throws
 * {@link TooLargeError}.
 */
export async function readAtMost(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    length += chunk.length;
    // Leaving the loop ends the source: a web stream is cancelled (its connection closed), a Node stream
    // destroyed (its file closed), so that a sender writing for ever is stopped rather than drained.
    if (length > maxBytes) throw new TooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
