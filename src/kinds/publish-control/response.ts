import { misuse } from '../../lib/misuse.js';
import type { PublishControlDecision, PublishControlRequest, PublishControlResponse } from './types.js';

const isSeq = (seq: unknown): seq is string | number => typeof seq === 'string' || (typeof seq === 'number' && Number.isFinite(seq));

/**
 * The answer to a publish control request: `{"PublishAuthResponse":[{"seq":"1","status":"success"}, ...]}`,
 * one entry per decision, in the order given, `seq` unchanged. The adapters answer this for you (with a
 * `"fail"` for every publisher your callback did not decide on); use it in a handler of your own.
 *
 * @throws TypeError for decisions that are not an iterable of `{ seq, allow }` with a string or number
 *   `seq` and a boolean `allow`
 * @example
 * ```ts
 * import { createPublishControlResponse, parsePublishControlRequest } from 'wmspanel-notifications';
 *
 * const { requests } = parsePublishControlRequest(rawBody);
 * const answer = createPublishControlResponse(requests.map((item) => ({ seq: item.seq, allow: allowedPublishers.has(item.id) })));
 * ```
 */
export function createPublishControlResponse(decisions: Iterable<PublishControlDecision>): PublishControlResponse {
  if (typeof (decisions as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== 'function' || typeof decisions === 'string') {
    throw misuse('createPublishControlResponse needs a list of { seq, allow } decisions');
  }
  const answer: PublishControlResponse = { PublishAuthResponse: [] };
  for (const decision of decisions as Iterable<unknown>) {
    const { seq, allow } = (typeof decision === 'object' && decision !== null ? decision : {}) as { seq?: unknown; allow?: unknown };
    if (!isSeq(seq) || typeof allow !== 'boolean') throw misuse('each publish decision must be { seq: string | number, allow: boolean }');
    answer.PublishAuthResponse.push({ seq, status: allow ? 'success' : 'fail' });
  }
  return answer;
}

/**
 * The answer to every item of a request: allowed only where a decision with its `seq` (compared as text,
 * so `1` answers `"1"`) says `allow: true` and none says `false`; the request's own `seq` is echoed. A TypeError for a value
 * that is not a list of decisions (the callback's bug).
 */
export function answerPublishRequest(request: PublishControlRequest, returned: unknown): PublishControlResponse {
  const allowed = new Set<string>();
  const denied = new Set<string>();
  if (returned !== undefined && returned !== null) {
    for (const { seq, status } of createPublishControlResponse(returned as Iterable<PublishControlDecision>).PublishAuthResponse) {
      (status === 'success' ? allowed : denied).add(String(seq));
    }
  }
  // Two decisions for one seq that disagree: the refusal wins.
  const allow = (seq: string | number): boolean => allowed.has(String(seq)) && !denied.has(String(seq));
  return createPublishControlResponse(request.requests.map((item) => ({ seq: item.seq, allow: allow(item.seq) })));
}
