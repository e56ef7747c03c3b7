import { md5Base64 } from '../lib/md5.js';
import { misuse } from '../lib/misuse.js';
import { base64Of, readQueryPart, utf8Bytes } from './query.js';

/**
 * Options of `createPlayerSignature` and `signPlayerUrl`.
 *
 * @example
 * ```ts
 * import type { PlayerSignatureOptions } from 'wmspanel-notifications';
 *
 * // Pay-per-view: the viewer's id, bound to their IP.
 * const options: PlayerSignatureOptions = { key: process.env.WMSAUTH_KEY!, validMinutes: 60, id: '17', ip: '203.0.113.7', checkIp: true };
 * ```
 */
export interface PlayerSignatureOptions {
  /** The password of the WMSAuth rule in WMSPanel. */
  key: string;
  /** How many minutes the link is valid (Nimble adds the rule's time tolerance). A whole number, 1 or more. */
  validMinutes: number;
  /**
   * The viewer's IP address. Required for hotlink protection (no `id`), where it is part of the hash; with
   * an `id` (pay-per-view) it is hashed only with `checkIp: true`.
   */
  ip?: string;
  /** The viewer's id, for pay-per-view: the id Nimble reports in every sync, and that a deny list names. */
  id?: string;
  /** With an `id`: bind the link to `ip` too (`&checkip=true`). Default false. */
  checkIp?: boolean;
  /**
   * The signed stream (`live/stream`) or a prefix of streams, for a rule set to check stream names; adds
   * `&strm_len=`. Default: the link is valid for every stream of the rule.
   */
  stream?: string;
  /** The clock, in milliseconds since the epoch, like `Date.now` (the default). For tests. */
  now?: () => number;
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));

/** UTC in PHP's `gmdate("n/j/Y g:i:s A")`, as Softvelum's samples write it: `5/4/2012 8:33:05 AM`. */
export function formatServerTime(ms: number): string {
  const date = new Date(ms);
  const hours = date.getUTCHours();
  return (
    `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ` +
    `${hours % 12 === 0 ? 12 : hours % 12}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`
  );
}

/** An optional part of the signed query: absent, or what readQueryPart accepts. */
const readPart = (value: unknown, name: string): string | undefined => (value === undefined ? undefined : readQueryPart(value, name));

/**
 * The `wmsAuthSign` value of a player URL, for Nimble Streamer's WMSAuth hotlink protection and for
 * pay-per-view: `Base64("server_time=…&hash_value=…&validminutes=…[&strm_len=…][&id=…][&checkip=true]")`,
 * where `hash_value` is Base64 of the raw MD5 of `[ip] + [id] + key + server_time + validminutes + [stream]`
 * and `server_time` is UTC as PHP's `gmdate("n/j/Y g:i:s A")` writes it, as in Softvelum's samples. Use
 * `signPlayerUrl` to place it in a URL.
 *
 * @throws TypeError for a missing key, a `validMinutes` that is not a whole number of 1 or more, hotlink
 *   protection (no `id`) without an `ip`, `checkIp` without an `id` and an `ip`, or a part containing `&`,
 *   `=` or white space
 * @example
 * ```ts
 * import { createPlayerSignature } from 'wmspanel-notifications';
 *
 * // Hotlink protection: the link works from the viewer's IP only, for 30 minutes.
 * const hotlink = createPlayerSignature({ key: process.env.WMSAUTH_KEY!, validMinutes: 30, ip: viewerIp });
 * // Pay-per-view: the viewer's id comes back in every sync.
 * const payPerView = createPlayerSignature({ key: process.env.WMSAUTH_KEY!, validMinutes: 240, id: user.id });
 * ```
 */
export function createPlayerSignature(options: PlayerSignatureOptions): string {
  if (typeof options !== 'object' || options === null) throw misuse('createPlayerSignature needs { key, validMinutes }');
  const { key, validMinutes, checkIp = false, now = Date.now } = options;
  if (typeof key !== 'string' || key === '') throw misuse('options.key must be the WMSAuth rule\'s password, a non-empty string');
  if (typeof validMinutes !== 'number' || !Number.isSafeInteger(validMinutes) || validMinutes < 1) {
    throw misuse('options.validMinutes must be a whole number of minutes, 1 or more');
  }
  const ip = readPart(options.ip, 'ip');
  const id = readPart(options.id, 'id');
  const stream = readPart(options.stream, 'stream');
  if (typeof checkIp !== 'boolean') throw misuse('options.checkIp must be true or false');
  if (id === undefined && ip === undefined) throw misuse('options.ip is required for hotlink protection (a link without an id)');
  if (checkIp && (id === undefined || ip === undefined)) throw misuse('options.checkIp needs an id and an ip (it binds a pay-per-view link to the IP)');
  if (typeof now !== 'function') throw misuse('options.now must be a function returning milliseconds');
  const ms = now();
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw misuse('options.now must return a finite number of milliseconds');
  const serverTime = formatServerTime(ms);
  // Hotlink protection always hashes the IP; pay-per-view only when the link is bound to it.
  const hashedIp = id === undefined || checkIp ? ip! : '';
  const hashValue = md5Base64(`${hashedIp}${id ?? ''}${key}${serverTime}${validMinutes}`, stream ?? '');
  let query = `server_time=${serverTime}&hash_value=${hashValue}&validminutes=${validMinutes}`;
  // Nimble compares lengths of bytes (PHP's strlen in Softvelum's sample); streams are ASCII in practice.
  if (stream !== undefined) query += `&strm_len=${utf8Bytes(stream).length}`;
  if (id !== undefined) query += `&id=${id}`;
  if (checkIp) query += '&checkip=true';
  return base64Of(query);
}

/** Schemes whose signature goes after the application name, not in the query. */
const APPLICATION_SCHEMES = new Set(['rtmp', 'rtmps', 'rtmpt', 'rtmpe', 'rtmpte', 'rtsp', 'rtsps']);
const QUERY_SCHEMES = new Set(['http', 'https']);

/**
 * A player URL with a new `wmsAuthSign` (see `createPlayerSignature`) placed where Nimble Streamer reads it:
 * the query for HTTP (HLS, DASH, progressive: `…/playlist.m3u8?wmsAuthSign=…`), after the application name
 * for RTMP and RTSP (`rtmp://host/app?wmsAuthSign=…/stream`). The value goes in as Softvelum's samples put
 * it, not percent-encoded.
 *
 * @param url - an `http(s)://`, `rtmp(s|t|e)://` or `rtsp(s)://` URL, without a `wmsAuthSign` yet
 * @throws TypeError for what `createPlayerSignature` refuses, another scheme, a URL already signed, or an RTMP
 *   or RTSP URL without an application or with a query
 * @example
 * ```ts
 * import { signPlayerUrl } from 'wmspanel-notifications';
 *
 * const options = { key: process.env.WMSAUTH_KEY!, validMinutes: 60, id: user.id };
 * signPlayerUrl('https://cdn.example.com/live/stream/playlist.m3u8', options); // …playlist.m3u8?wmsAuthSign=c2Vy…
 * signPlayerUrl('rtmp://cdn.example.com/live/stream', options); // rtmp://cdn.example.com/live?wmsAuthSign=c2Vy…/stream
 * ```
 */
export function signPlayerUrl(url: string | URL, options: PlayerSignatureOptions): string {
  const text = url instanceof URL ? url.href : url;
  if (typeof text !== 'string') throw misuse('signPlayerUrl needs a URL string');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/[^/?#]+/i.exec(text);
  const name = scheme?.[1]?.toLowerCase();
  if (scheme === null || name === undefined || (!QUERY_SCHEMES.has(name) && !APPLICATION_SCHEMES.has(name))) {
    throw misuse(`signPlayerUrl takes an http(s), rtmp or rtsp URL with a host, not ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (/[?&]wmsAuthSign=/i.test(text)) throw misuse('This URL already carries a wmsAuthSign');
  const sign = createPlayerSignature(options);
  const hash = text.indexOf('#');
  const [base, fragment] = hash === -1 ? [text, ''] : [text.slice(0, hash), text.slice(hash)];
  if (QUERY_SCHEMES.has(name)) return `${base}${base.includes('?') ? '&' : '?'}wmsAuthSign=${sign}${fragment}`;
  if (base.includes('?')) throw misuse('An RTMP or RTSP URL to sign must not have a query: the signature goes after the application name');
  const authority = scheme[0].length;
  const appEnd = base.indexOf('/', authority + 1);
  const app = base.slice(authority + 1, appEnd === -1 ? undefined : appEnd);
  if (base[authority] !== '/' || app === '') throw misuse('An RTMP or RTSP URL to sign needs an application: rtmp://host/app/stream');
  const end = appEnd === -1 ? base.length : appEnd;
  return `${base.slice(0, end)}?wmsAuthSign=${sign}${base.slice(end)}${fragment}`;
}
