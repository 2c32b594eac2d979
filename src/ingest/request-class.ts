import { writeExactInt64 } from '../db/copy-binary.js';

/**
 * What a request is to the reports, decided once as it is loaded: http_log's viewed_campaign_id and
 * issued_reward_id (see 017-classified-by-the-loader.sql). A campaign view is exactly
 * `GET /campaigns/<digits>` and a reward issue exactly `POST /rewards/<digits>`, with 1 to 19 digits
 * whose value a bigint holds (every id the campaign and reward columns can hold); anything else
 * (`/campaigns/abc`, a trailing slash, a query string, `get`, a 20-digit id) is plain activity: null.
 *
 * The loader classifies rather than the database: as generated columns the two cost the server half of
 * a 10M-request COPY (16.0 s against 8.3 s with the ids sent), and this reads bytes the fast path has in
 * hand. Both load paths, the text log's fast path and every parser's requests, come through here.
 */

/** The two classified fields, each an int8 or null: the bytes a tuple needs for them at most. */
export const requestClassBytes = 2 * (4 + 8);

const campaignsPrefix = Buffer.from('GET /campaigns/', 'latin1');
const rewardsPrefix = Buffer.from('POST /rewards/', 'latin1');
const maxIdDigits = 19;
const largestBigint = Buffer.from('9223372036854775807', 'latin1');
/** Ids of up to this many digits are exact as doubles. */
const exactDigits = 15;

/**
 * Writes the request's two classified fields at `offset` of `out` and returns the offset after them.
 * `bytes[methodStart, pathEnd)` is the method, one space and the path, as in a log line.
 */
export function writeRequestClass(
  out: Buffer,
  offset: number,
  bytes: Uint8Array,
  methodStart: number,
  pathEnd: number,
): number {
  const campaign = idAfter(bytes, methodStart, pathEnd, campaignsPrefix);
  let o = campaign < 0 ? writeNull(out, offset) : writeId(out, offset, bytes, campaign, pathEnd);
  const reward = campaign < 0 ? idAfter(bytes, methodStart, pathEnd, rewardsPrefix) : -1;
  o = reward < 0 ? writeNull(out, o) : writeId(out, o, bytes, reward, pathEnd);
  return o;
}

/** The same for a request given as strings, from a parser. */
export function writeRequestClassOf(out: Buffer, offset: number, method: string, path: string): number {
  const request = Buffer.from(`${method} ${path}`, 'utf8');
  return writeRequestClass(out, offset, request, 0, request.length);
}

/** A request's classified ids, or null: http_log's viewed_campaign_id and issued_reward_id. */
export interface RequestClass {
  viewedCampaignId: bigint | null;
  issuedRewardId: bigint | null;
}

/** The classified ids of a request given as strings, for writers of http_log rows other than a COPY tuple. */
export function classifyRequest(method: string, path: string): RequestClass {
  const request = Buffer.from(`${method} ${path}`, 'utf8');
  const id = (prefix: Buffer) => {
    const digitsStart = idAfter(request, 0, request.length, prefix);
    return digitsStart < 0 ? null : BigInt(request.toString('latin1', digitsStart));
  };
  const viewedCampaignId = id(campaignsPrefix);
  return { viewedCampaignId, issuedRewardId: viewedCampaignId === null ? id(rewardsPrefix) : null };
}

/** Where the id's digits start when the request is `prefix` then 1 to 19 digits of a bigint, or -1. */
function idAfter(bytes: Uint8Array, start: number, end: number, prefix: Buffer): number {
  const digitsStart = start + prefix.length;
  const digits = end - digitsStart;
  if (digits < 1 || digits > maxIdDigits) return -1;
  for (let i = 0; i < prefix.length; i++) if (bytes[start + i] !== prefix[i]) return -1;
  for (let i = digitsStart; i < end; i++) {
    const byte = bytes[i]!;
    if (byte < 0x30 || byte > 0x39) return -1;
  }
  if (digits === maxIdDigits && compareBytes(bytes, digitsStart, largestBigint) > 0) return -1;
  return digitsStart;
}

function compareBytes(bytes: Uint8Array, start: number, other: Buffer): number {
  for (let i = 0; i < other.length; i++) {
    const difference = bytes[start + i]! - other[i]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

function writeNull(out: Buffer, offset: number): number {
  out.writeInt32BE(-1, offset);
  return offset + 4;
}

function writeId(out: Buffer, offset: number, bytes: Uint8Array, start: number, end: number): number {
  out.writeInt32BE(8, offset);
  if (end - start <= exactDigits) {
    let value = 0;
    for (let i = start; i < end; i++) value = value * 10 + bytes[i]! - 0x30;
    writeExactInt64(out, offset + 4, value);
  } else {
    out.writeBigInt64BE(
      BigInt(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1')),
      offset + 4,
    );
  }
  return offset + 12;
}
