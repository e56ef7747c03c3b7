// `node bench/md5.mjs <subject>`: MD5 of a 55-byte string (a notification time + a 32-character token).
import { createHash } from 'node:crypto';
import { opsPerSecond, report } from './harness.mjs';

const subject = process.argv[2];
const input = '2014-10-16 03:13:31 UTC' + 'abcdefghijklmnopqrstuvwxyz012345';
const subjects = {
  'wmspanel-notifications computeDigest': async () => {
    const { computeDigest } = await import('../dist/index.js');
    return () => computeDigest('2014-10-16 03:13:31 UTC', 'abcdefghijklmnopqrstuvwxyz012345');
  },
  'node:crypto createHash': async () => () => createHash('md5').update(input).digest('hex'),
  '@noble/hashes md5': async () => {
    const { md5 } = await import('@noble/hashes/legacy.js');
    const { bytesToHex, utf8ToBytes } = await import('@noble/hashes/utils.js');
    return () => bytesToHex(md5(utf8ToBytes(input)));
  },
};
const fn = await subjects[subject]();
report({ subject, bytes: input.length, opsPerSecond: await opsPerSecond(fn) });
