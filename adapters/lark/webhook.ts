import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  larkAesKey,
  larkDecrypt,
  larkLegacyCardSignature,
  larkSignature,
  signatureMatches,
} from './crypto.js';
import type { LarkEnvelope } from './payloads.js';

export type WebhookRoute = 'events' | 'card';

/** What the request said besides its body: the old card format needs it to identify a click. */
export interface WebhookMeta {
  timestamp: string;
  nonce: string;
  rawBody: string;
}

/**
 * The old card callback (消息卡片请求网址, `card.action.trigger_v1`): no schema or header, the
 * clicker's open_id and the action at the top level.
 */
export function isLegacyCardCallback(body: LarkEnvelope): boolean {
  return (
    !body.schema &&
    !body.header &&
    typeof body.open_id === 'string' &&
    !!body.action &&
    typeof body.action === 'object'
  );
}

export interface WebhookOptions {
  encryptKey: string;
  /**
   * When set, challenges and events must carry it; it is also the key of the old card format's
   * SHA-1 signature, which is refused without it.
   */
  verificationToken?: string;
  /**
   * Handles a verified, decrypted event and resolves to the response body. It must return
   * quickly (Feishu wants an answer within 3 s): write to the inbox, schedule the rest. A throw
   * answers 500 and Feishu delivers the event again later.
   */
  onEvent: (envelope: LarkEnvelope, route: WebhookRoute, meta: WebhookMeta) => Promise<unknown>;
  /** False while the adapter is not running: 503, and Feishu retries later. */
  ready: () => boolean;
  log: Logger;
  /** Signed timestamps further than this from now are refused (replays). Default 5 minutes. */
  maxSkewMs?: number;
  /** Largest body accepted, in bytes. Default 1 MB. */
  bodyLimit?: number;
  now?: () => number;
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * The Feishu webhook as a Fastify plugin: `POST /lark/events` and `POST /lark/card`.
 * Register it without fastify-plugin so its raw-body parser stays inside it.
 *
 * Every request is checked before anything is written: the signature over the raw bytes
 * (constant-time), the timestamp's freshness, the verification token. Forged, tampered or stale
 * requests get 401, malformed bodies 400, oversized ones 413. Two signatures exist: events and
 * new-format card callbacks use SHA-256 over timestamp + nonce + encrypt key + body; the old card
 * callback, sent unencrypted, uses SHA-1 over timestamp + nonce + verification token + body and
 * is accepted only for a body of that old shape.
 */
export function larkWebhook(o: WebhookOptions) {
  const key = larkAesKey(o.encryptKey);
  const maxSkewMs = o.maxSkewMs ?? 5 * 60_000;
  const bodyLimit = o.bodyLimit ?? 1024 * 1024;
  const now = o.now ?? Date.now;

  const refuse = (reply: FastifyReply, code: 400 | 401, why: string) => {
    o.log.warn({ why }, 'lark webhook request refused');
    return reply.code(code).send({ code, msg: code === 401 ? 'unauthorized' : 'bad request' });
  };

  const handle = (route: WebhookRoute) => async (req: FastifyRequest, reply: FastifyReply) => {
    const raw = req.body;
    if (!Buffer.isBuffer(raw) || raw.length === 0) return refuse(reply, 400, 'empty body');
    const signature = header(req, 'x-lark-signature');
    const signed = Boolean(signature);
    const timestamp = header(req, 'x-lark-request-timestamp') ?? '';
    const nonce = header(req, 'x-lark-request-nonce') ?? '';
    let legacySigned = false;
    if (signed) {
      if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now() - Number(timestamp) * 1000) > maxSkewMs)
        return refuse(reply, 401, 'stale or missing timestamp');
      // The raw bytes, not a re-serialised parse: a body changed in any way fails here.
      if (!signatureMatches(larkSignature(timestamp, nonce, o.encryptKey, raw), signature!)) {
        legacySigned =
          !!o.verificationToken &&
          signatureMatches(larkLegacyCardSignature(timestamp, nonce, o.verificationToken, raw), signature!);
        if (!legacySigned)
          return refuse(
            reply,
            401,
            o.verificationToken
              ? 'bad signature'
              : 'bad signature (old card callbacks need LARK_VERIFICATION_TOKEN)',
          );
      }
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(reply, 400, 'malformed JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return refuse(reply, 400, 'not a JSON object');
    const encrypted = typeof (body as { encrypt?: unknown }).encrypt === 'string';
    let envelope = body as LarkEnvelope;
    if (encrypted) {
      try {
        const plain: unknown = JSON.parse(larkDecrypt(key, (body as { encrypt: string }).encrypt));
        if (!plain || typeof plain !== 'object') throw new Error('not an object');
        envelope = plain as LarkEnvelope;
      } catch {
        // Unsigned and undecryptable: nothing shows it came from Feishu.
        return refuse(reply, signed ? 400 : 401, 'cannot decrypt');
      }
    }
    if (envelope.type === 'url_verification') {
      // Feishu sends the challenge unsigned: decrypting it with our key, or its token, proves
      // where it came from. Answering writes nothing.
      const tokenOk = o.verificationToken ? envelope.token === o.verificationToken : encrypted;
      if (!tokenOk || typeof envelope.challenge !== 'string')
        return refuse(reply, 401, 'challenge token mismatch');
      return reply.send({ challenge: envelope.challenge });
    }
    if (!signed) return refuse(reply, 401, 'unsigned event');
    const legacyCard = isLegacyCardCallback(envelope);
    // The SHA-1 form proves only an old card callback sent in the clear, nothing else.
    if (legacySigned && (encrypted || !legacyCard)) return refuse(reply, 401, 'bad signature');
    // An old card callback's `token` is the card's update token (c-…), not the verification token.
    const token = envelope.header?.token ?? envelope.token;
    if (o.verificationToken && !legacyCard && token !== o.verificationToken)
      return refuse(reply, 401, 'event token mismatch');
    if (!o.ready()) return reply.code(503).send({ code: 503, msg: 'not ready' });
    try {
      const out = await o.onEvent(envelope, route, { timestamp, nonce, rawBody: raw.toString('utf8') });
      return reply.send(out ?? {});
    } catch (err) {
      o.log.error(
        { err, eventId: envelope.header?.event_id },
        'lark event could not be stored; Feishu will deliver it again',
      );
      return reply.code(500).send({ code: 500, msg: 'retry later' });
    }
  };

  return async function larkWebhookPlugin(app: FastifyInstance): Promise<void> {
    // Raw bytes for every content type: the signature is computed over them.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    app.post('/lark/events', { bodyLimit }, handle('events'));
    app.post('/lark/card', { bodyLimit }, handle('card'));
  };
}
