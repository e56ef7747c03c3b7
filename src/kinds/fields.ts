// The top-level fields that identify a body of each kind, every kind's in one list, so that a body is of
// one kind at most, whichever kinds an endpoint receives: a body with the fields of two kinds (a stream
// notification with a PayPerViewInfo added, a server status notification with a url) is none of them at
// every endpoint, rather than the kind of whichever one an endpoint happens to receive. Each kind's own
// fields are in its KindSpec; a kind added adds its fields here too (test/kinds/fields.test.ts checks
// that the lists agree and that no two kinds share a field).
export const EVERY_KIND_FIELDS: readonly string[] = [
  'digest', // server-status
  'publish', // stream (Nimble)
  'unpublish', // stream (Nimble)
  'ApiSyncRequest', // stream (Wowza)
  'PayPerViewInfo', // pay-per-view
  'PublishAuthRequest', // publish-control
  'url', // playback-authorization
  'session_info', // advertizer-session
  'rules_request', // advertizer-session
];
