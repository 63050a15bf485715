/**
 * Quote replies (引用). WeChat sends a quote as an appmsg of type 57; puppets flatten it to text:
 *
 * - padlocal and wechat4u (schema-mapper/message/message-parser-refermsg):
 *   `「${displayname}：${quoted}」\n- - - - - - - - - - - - - - -\n${reply}`
 * - donut (juzibot/donut-tester#78, wechaty/puppet-padlocal#58), the quoted text first, no name:
 *   `${quoted}\n- - - - - - - - - - - - - - - - \n${reply}`
 *
 * The reply is the message; the quoted part is context only.
 */
export interface Quote {
  authorName?: string;
  text: string;
}

/**
 * A line of dashes each followed by a space (15 in padlocal/wechat4u, 16 in donut); a plain
 * `----------` rule in a member's own text is not a quote.
 */
const SEPARATOR = /\n[ \t]*-(?: -){7,}[ \t]*(?:\n|$)/;
const BRACKETED = /^「([\s\S]*)」$/;

/** Splits a flattened quote reply into the reply and the quoted part; text without a quote is all reply. */
export function splitQuote(text: string): { reply: string; quote?: Quote } {
  const sep = SEPARATOR.exec(text);
  if (!sep) return { reply: text };
  const head = text.slice(0, sep.index).trim();
  const reply = text.slice(sep.index + sep[0].length).trim();
  if (!head) return { reply: text };
  const bracketed = BRACKETED.exec(head);
  if (!bracketed) return { reply, quote: { text: head } };
  const inner = bracketed[1]!;
  // The author's name ends at the first colon (full-width from the puppets; half-width seen too).
  const colon = inner.search(/[：:]/);
  if (colon <= 0) return { reply, quote: { text: inner.trim() } };
  return {
    reply,
    quote: { authorName: inner.slice(0, colon).trim(), text: inner.slice(colon + 1).trim() },
  };
}
