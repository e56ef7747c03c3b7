/**
 * One publisher Nimble Streamer asks about, in a publish control request.
 *
 * @example
 * ```ts
 * import type { PublishControlRequestItem } from 'wmspanel-notifications';
 *
 * const describe = (item: PublishControlRequestItem) => `${item.id || '(no id)'} from ${item.ip} wants to publish ${item.app}/${item.name}`;
 * ```
 */
export interface PublishControlRequestItem {
  /** Nimble's correlation value, echoed back unchanged in the answer (string or number, as sent). */
  seq: string | number;
  /** The publisher's id, from the `publishsign` of its URL (`createPublisherSignature`); empty when it sent none. */
  id: string;
  /** The publisher's IP address; empty when Nimble sent none. */
  ip: string;
  /** `app/name`, as sent. */
  stream: string;
  /** The application: what comes before the first `/`. */
  app: string;
  /** The stream's name: everything after the first `/`. */
  name: string;
}

/**
 * A publish control request: Nimble Streamer asks whether each publisher in the batch may publish, as
 * returned by `parsePublishControlRequest`.
 *
 * @example
 * ```ts
 * import { parsePublishControlRequest, type PublishControlRequest } from 'wmspanel-notifications';
 *
 * const request: PublishControlRequest = parsePublishControlRequest(body);
 * console.log(request.requests.length, 'publishers');
 * ```
 */
export interface PublishControlRequest {
  /** Every publisher asked about, in the order sent. */
  requests: PublishControlRequestItem[];
}

/**
 * Whether one publisher may publish.
 *
 * @example
 * ```ts
 * import type { PublishControlDecision } from 'wmspanel-notifications';
 *
 * const decision: PublishControlDecision = { seq: '1', allow: true };
 * ```
 */
export interface PublishControlDecision {
  /** The `seq` of the request item it answers. */
  seq: string | number;
  /** `true` to let it publish (`"success"`), `false` to refuse (`"fail"`). */
  allow: boolean;
}

/**
 * The JSON body a publish control handler answers with, as `createPublishControlResponse` makes it.
 *
 * @example
 * ```ts
 * import type { PublishControlResponse } from 'wmspanel-notifications';
 *
 * const response: PublishControlResponse = { PublishAuthResponse: [{ seq: '1', status: 'success' }] };
 * ```
 */
export interface PublishControlResponse {
  /** One entry per publisher. */
  PublishAuthResponse: {
    /** The request item's `seq`, unchanged. */
    seq: string | number;
    /** `"success"` lets it publish, `"fail"` refuses it. */
    status: 'success' | 'fail';
  }[];
}
