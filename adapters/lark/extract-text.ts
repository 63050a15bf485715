import type { Mention } from '../../src/core/message.js';
import type { LarkMention, Maybe } from './payloads.js';

export interface Extracted {
  /** The body: what commands are read from. For a post, without its title. */
  text: string;
  /** A post's title, kept apart so it never becomes the first word of a command. */
  title?: string;
  /** People mentioned other than the bot (never @所有人). */
  mentions: Mention[];
  /** The bot itself was mentioned (matched by open_id, never by name or position). */
  botMentioned: boolean;
}

export const ALL = '@所有人';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Plain text of a `text` or `post` message. The bot's own mention is removed only when its
 * open_id is the bot's (the `@_user_N` key changes per message and names can repeat); every other
 * mention stays in the text as `@名字` — so "@所有人 打卡" or "@张三 打卡" keep their @ — and is
 * returned in `mentions`. Any field may be missing or null. Returns undefined for other message
 * types or content that is not the documented JSON.
 */
export function extractText(
  messageType: Maybe<string>,
  content: Maybe<string>,
  mentions: Maybe<Maybe<LarkMention>[]>,
  botOpenId?: string,
): Extracted | undefined {
  if (messageType !== 'text' && messageType !== 'post') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content ?? '');
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const list = (Array.isArray(mentions) ? mentions : []).filter(
    (m): m is LarkMention => !!m && typeof m === 'object',
  );
  const byKey = new Map(list.filter((m) => str(m.key)).map((m) => [m.key!, m]));
  const out: Mention[] = [];
  let botMentioned = false;

  /** The text a mention becomes, recording who was mentioned. */
  const mention = (m: LarkMention | undefined, fallbackName?: string): string => {
    const openId = str(m?.id?.open_id);
    if (openId && botOpenId && openId === botOpenId) {
      botMentioned = true;
      return '';
    }
    // Feishu lists @所有人 among the mentions too (key @_all, empty ids).
    if (m?.key === '@_all') return ALL;
    const name = str(m?.name) ?? fallbackName ?? '';
    if (openId && !out.some((x) => x.userId === openId)) out.push({ userId: openId, name });
    return name ? `@${name}` : '';
  };

  if (messageType === 'text') {
    const raw = str((parsed as { text?: unknown }).text);
    if (raw === undefined) return undefined;
    const text = raw.replace(/@_user_\d+|@_all/g, (key) =>
      key === '@_all' ? ALL : byKey.has(key) ? mention(byKey.get(key)) : '',
    );
    return { text: tidy(text), mentions: out, botMentioned };
  }

  const post = unwrapLocale(parsed as Record<string, unknown>);
  if (!post) return undefined;
  const lines: string[] = [];
  for (const paragraph of Array.isArray(post.content) ? post.content : []) {
    if (!Array.isArray(paragraph)) continue;
    let line = '';
    for (const el of paragraph as unknown[]) {
      if (!el || typeof el !== 'object') continue;
      const e = el as Record<string, unknown>;
      if (e.tag === 'text' || e.tag === 'a' || e.tag === 'code_block' || e.tag === 'md')
        line += str(e.text) ?? '';
      else if (e.tag === 'at') {
        const id = str(e.user_id) ?? '';
        if (id === 'all' || id === '@_all') line += ALL;
        else
          line += mention(
            byKey.get(id) ??
              list.find((m) => m.id?.open_id === id) ?? {
                id: { open_id: id.startsWith('ou_') ? id : undefined },
              },
            str(e.user_name),
          );
      }
    }
    lines.push(line);
  }
  const title = str(post.title)?.trim();
  return { text: tidy(lines.join('\n')), ...(title ? { title } : {}), mentions: out, botMentioned };
}

/**
 * A received post is `{title, content}` (接收消息内容结构); one sent through the API, and some
 * forwarded or older ones, are wrapped in a locale (`{zh_cn: {title, content}}`).
 */
function unwrapLocale(obj: Record<string, unknown>): { title?: unknown; content?: unknown } | undefined {
  if (Array.isArray(obj.content)) return obj;
  const locales = ['zh_cn', 'en_us', 'ja_jp', ...Object.keys(obj)];
  for (const key of locales) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const value = obj[key];
    if (value && typeof value === 'object' && Array.isArray((value as { content?: unknown }).content))
      return value as { title?: unknown; content: unknown };
  }
  return undefined;
}

/** Collapses the gap a removed mention leaves ("@bot 打卡" → "打卡") without touching line breaks. */
function tidy(s: string): string {
  return s
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .trim();
}
