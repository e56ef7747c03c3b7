import { md5Base64 } from '../lib/md5.js';
import { misuse } from '../lib/misuse.js';
import { base64Of, readQueryPart } from './query.js';

/**
 * Options of `createPublisherSignature` and `signPublisherUrl`.
 *
 * @example
 * ```ts
 * import type { PublisherSignatureOptions } from 'wmspanel-notifications';
 *
 * const options: PublisherSignatureOptions = { id: 'camera-7', stream: 'live/camera-7', password: process.env.PUBLISH_PASSWORD! };
 * ```
 */
export interface PublisherSignatureOptions {
  /** The publisher's id: what `onPublishControlRequest` receives as `id`. */
  id: string;
  /** `app/name`: the stream it may publish. */
  stream: string;
  /** The publish control password set in WMSPanel. */
  password: string;
  /** The publisher's IP address, to bind the signature to it. Default: not bound. */
  ip?: string;
}

/** A part of the signed query; `?` is refused too, since the value goes into SRT's stream id query. */
const readPart = (value: unknown, name: string): string => readQueryPart(value, name, '?');

/**
 * The `publishsign` value a publisher adds to its URL for Nimble Streamer's publish control:
 * `Base64("id=" + id + "&sign=" + sign [+ "&ip=" + ip])`, where `sign` is Base64 of the raw MD5 of
 * `id + "/" + app + "/" + name + password [+ ip]`, as in Softvelum's samples. Use `signPublisherUrl` to
 * place it in a URL.
 *
 * @throws TypeError for a missing id or password, a stream that is not `app/name`, or a part containing
 *   `&`, `=`, `?` or white space
 * @example
 * ```ts
 * import { createPublisherSignature } from 'wmspanel-notifications';
 *
 * const publishsign = createPublisherSignature({ id: 'camera-7', stream: 'live/camera-7', password: process.env.PUBLISH_PASSWORD! });
 * ```
 */
export function createPublisherSignature(options: PublisherSignatureOptions): string {
  if (typeof options !== 'object' || options === null) throw misuse('createPublisherSignature needs { id, stream, password }');
  const id = readPart(options.id, 'id');
  const stream = readPart(options.stream, 'stream');
  const slash = stream.indexOf('/');
  if (slash <= 0 || slash === stream.length - 1) throw misuse('options.stream must be "app/name"');
  const { password } = options;
  if (typeof password !== 'string' || password === '') throw misuse('options.password must be the publish control password, a non-empty string');
  const ip = options.ip === undefined ? undefined : readPart(options.ip, 'ip');
  const sign = md5Base64(`${id}/${stream}${password}`, ip ?? '');
  return base64Of(`id=${id}&sign=${sign}${ip === undefined ? '' : `&ip=${ip}`}`);
}

/**
 * A publisher URL with a new `publishsign` (see `createPublisherSignature`) placed where Nimble Streamer
 * reads it: RTSP and WebRTC (WHIP over HTTPS) `…/app/name?publishsign=…`, RTMP after the application name
 * (`rtmp://host/app?publishsign=…/name`), SRT in the stream id (`srt://host:port?streamid=/app/name?publishsign=…`).
 * The URL's path must be the signed stream (for SRT the URL has no path or query: the stream id is made
 * here): a signature for another stream is refused by Nimble, silently for the publisher.
 *
 * @throws TypeError for what `createPublisherSignature` refuses, another scheme, a URL already signed, or a
 *   path that is not the signed stream
 * @example
 * ```ts
 * import { signPublisherUrl } from 'wmspanel-notifications';
 *
 * const options = { id: 'camera-7', stream: 'live/camera-7', password: process.env.PUBLISH_PASSWORD! };
 * signPublisherUrl('rtmp://ingest.example.com/live/camera-7', options); // rtmp://ingest.example.com/live?publishsign=aWQ9…/camera-7
 * signPublisherUrl('srt://ingest.example.com:4900', options); // srt://ingest.example.com:4900?streamid=/live/camera-7?publishsign=aWQ9…
 * ```
 */
export function signPublisherUrl(url: string | URL, options: PublisherSignatureOptions): string {
  const text = url instanceof URL ? url.href : url;
  if (typeof text !== 'string') throw misuse('signPublisherUrl needs a URL string');
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(text);
  const scheme = match?.[1]?.toLowerCase();
  if (match === null || scheme === undefined) throw misuse(`signPublisherUrl takes an rtmp, rtsp, srt or https URL with a host, not ${JSON.stringify(text.slice(0, 80))}`);
  if (/publishsign=/i.test(text)) throw misuse('This URL already carries a publishsign');
  const sign = createPublisherSignature(options);
  const [, , authority, path = '', query, fragment = ''] = match;
  const base = `${match[1]}://${authority}`;
  if (scheme === 'srt') {
    if ((path !== '' && path !== '/') || query !== undefined) throw misuse('An SRT URL to sign must have no path or query: the stream id is made here');
    return `${base}?streamid=/${options.stream}?publishsign=${sign}${fragment}`;
  }
  const isRtmp = ['rtmp', 'rtmps', 'rtmpt', 'rtmpe', 'rtmpte'].includes(scheme);
  if (!isRtmp && !['rtsp', 'rtsps', 'http', 'https'].includes(scheme)) {
    throw misuse(`signPublisherUrl takes an rtmp, rtsp, srt or https URL, not ${scheme}:`);
  }
  // WHIP endpoints may add a path segment after the stream (`/live/camera-7/whip`).
  const signedPath = `/${options.stream}`;
  const pathMatches = path === signedPath || (scheme.startsWith('http') && path.startsWith(`${signedPath}/`));
  if (!pathMatches) throw misuse(`The URL's path ${JSON.stringify(path)} is not the signed stream ${JSON.stringify(signedPath)}`);
  if (isRtmp) {
    if (query !== undefined) throw misuse('An RTMP URL to sign must not have a query: the signature goes after the application name');
    const appEnd = path.indexOf('/', 1);
    return `${base}${path.slice(0, appEnd)}?publishsign=${sign}${path.slice(appEnd)}${fragment}`;
  }
  return `${base}${path}${query === undefined ? '?' : `${query}&`}publishsign=${sign}${fragment}`;
}
