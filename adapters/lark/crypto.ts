import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/**
 * Feishu's request signature: sha256 hex of timestamp + nonce + encrypt key + the body bytes
 * exactly as received. Hashing the raw bytes (not a re-serialised parse) is the point: any
 * change to what was sent, even whitespace, breaks the signature.
 */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest('hex');
}

/**
 * The old card callback's signature (消息卡片请求网址): sha1 hex of timestamp + nonce +
 * verification token + the body bytes as received.
 */
export function larkLegacyCardSignature(
  timestamp: string,
  nonce: string,
  verificationToken: string,
  rawBody: Buffer,
): string {
  return createHash('sha1')
    .update(timestamp + nonce + verificationToken)
    .update(rawBody)
    .digest('hex');
}

/** Constant-time comparison of a received signature with the expected one; false on any mismatch. */
export function signatureMatches(expectedHex: string, receivedHex: string): boolean {
  const a = Buffer.from(expectedHex, 'utf8');
  const b = Buffer.from(receivedHex.trim().toLowerCase(), 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing secret.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The AES key Feishu derives from the app's encrypt key. */
export function larkAesKey(encryptKey: string): Buffer {
  return createHash('sha256').update(encryptKey).digest();
}

/**
 * Decrypts Feishu's `{"encrypt": "..."}` field: base64, first 16 bytes the IV, AES-256-CBC with
 * PKCS#7 padding. Throws when the data is not valid ciphertext for this key.
 */
export function larkDecrypt(key: Buffer, encrypted: string): string {
  const buf = Buffer.from(encrypted, 'base64');
  if (buf.length < 32 || buf.length % 16 !== 0) throw new Error('encrypted body has an invalid length');
  const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}
