// What the pay-per-view tests share: their token, Softvelum's sample syncs, and MD5 by node:crypto (the
// reference the Signature and the Solution are checked against).
import { createHash } from 'node:crypto';

export const TOKEN = 'ppv-token-51d2';

export const md5Base64 = (text: string): string => createHash('md5').update(text, 'utf8').digest('base64');

// Softvelum's sample (paywall-code-samples-wmsauth pay-per-view/ppv_sync.json): the Wowza agent's sync.
export const WOWZA_SYNC =
  '{"ID":"35465921-42f0-4a98-91b1-74305f329b4f","Signature":"flPsWZPshoBFwy/Ah464OQ==","Puzzle":"e34b51a3-4018-4707-8afe-890409202ec8","PayPerViewInfo":{"VHost":[{"name":"_defaultVHost_","Application":[{"name":"vod","Instance":[{"name":"_definst_","Stream":[{"name":"sample.mp4","Player":[{"id":"1","ip":"192.168.10.10","delta":286786},{"id":"2","ip":"192.168.10.11","delta":263791},{"id":"4","ip":"127.0.0.1","delta":30031},{"id":"5","ip":"127.0.0.1","delta":10563}]}]}]}]}]}}';
// A Nimble sync as published with its token (kev-ac/wmspanel-ppv-parser's tests; data only): escaped
// slashes, a stream name with a slash, sessionid, bytes_sent and user_agents.
export const NIMBLE_TOKEN = 'bc91b48588048871f4b898af9371ccc8';
export const NIMBLE_SYNC =
  '{"ID":"5f0d5962-33b1-5137-ae6a-32776bcabc69","Signature":"7r/RZeJ18rMuRYc8luBdFQ==","Puzzle":"8c537e85-9684-a3b5-cbd9-bbebe952b103","PayPerViewInfo":{"VHost":[{"name":"your-edgeserver.yourdomain.com","Application":[{"name":"live","Instance":[{"name":"_definst_","Stream":[{"name":"livestream","Player":[{"id":"500","ip":"127.0.0.1","sessionid":"1001","delta":7000,"bytes_sent":13981102,"user_agents":["Mozilla\\/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit\\/605.1.15 (KHTML, like Gecko) Version\\/15.4 Safari\\/605.1.15"]}]}]}]},{"name":"vod_abr","Instance":[{"name":"_definst_","Stream":[{"name":"vodfile\\/smil:vod.smil","Player":[{"id":"599","ip":"127.0.0.1","sessionid":"1010","delta":15000,"bytes_sent":4309566,"user_agents":["Mozilla\\/5.0 (Windows NT 10.0; Win64; x64)"]}]}]}]}]}]}}';
