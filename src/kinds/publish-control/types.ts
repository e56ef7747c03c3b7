/**
 * One publisher Nimble Streamer asks about, in a publish control request.
 *
 * @example
 * ```ts
 * import type { PublishAuthRequestItem } from 'wmspanel-notifications';
 *
 * const describe = (item: PublishAuthRequestItem) => `${item.id || '(no id)'} from ${item.ip} wants to publish ${item.app}/${item.name}`;
 * ```
 */
export interface PublishAuthRequestItem {
  /** Nimble's correlation value, echoed back unchanged in the answer (string or number, as sent). */
  seq: string | number;
  /** The publisher's id, from the `publishsign` of its URL (`createPublishSignature`); empty when it sent none. */
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
 * returned by `parsePublishAuthRequest`.
 *
 * @example
 * ```ts
 * import { parsePublishAuthRequest, type PublishAuthRequest } from 'wmspanel-notifications';
 *
 * const request: PublishAuthRequest = parsePublishAuthRequest(body);
 * console.log(request.requests.length, 'publishers');
 * ```
 */
export interface PublishAuthRequest {
  /** Every publisher asked about, in the order sent. */
  requests: PublishAuthRequestItem[];
}

/**
 * Whether one publisher may publish.
 *
 * @example
 * ```ts
 * import type { PublishAuthDecision } from 'wmspanel-notifications';
 *
 * const decision: PublishAuthDecision = { seq: '1', allow: true };
 * ```
 */
export interface PublishAuthDecision {
  /** The `seq` of the request item it answers. */
  seq: string | number;
  /** `true` to let it publish (`"success"`), `false` to refuse (`"fail"`). */
  allow: boolean;
}

/**
 * The JSON body a publish control handler answers with, as `createPublishAuthResponse` makes it.
 *
 * @example
 * ```ts
 * import type { PublishAuthResponse } from 'wmspanel-notifications';
 *
 * const response: PublishAuthResponse = { PublishAuthResponse: [{ seq: '1', status: 'success' }] };
 * ```
 */
export interface PublishAuthResponse {
  /** One entry per publisher. */
  PublishAuthResponse: {
    /** The request item's `seq`, unchanged. */
    seq: string | number;
    /** `"success"` lets it publish, `"fail"` refuses it. */
    status: 'success' | 'fail';
  }[];
}
