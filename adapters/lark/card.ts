import type { Card, Mention } from '../../src/core/message.js';

/** Feishu refuses interactive content over 30 KB; stay under it with room for the request. */
export const MAX_CARD_BYTES = 28 * 1024;

type Json = Record<string, unknown>;

const plain = (content: string): Json => ({ tag: 'plain_text', content });

/** Escapes what lark_md would read as markup, for text we did not write as markdown. */
export function escapeLarkMd(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_~`[\]\\])/g, '\\$1');
}

function mentionElement(mentions: readonly Mention[]): Json | undefined {
  const ids = mentions.map((m) => m.userId).filter((id) => /^[\w-]+$/.test(id));
  if (ids.length === 0) return undefined;
  // Card markdown mentions are `<at id=...></at>`, unlike text messages' `<at user_id="...">`.
  return { tag: 'markdown', content: ids.map((id) => `<at id=${id}></at>`).join(' ') };
}

/** A table as a row of columns per line: aligned on phones and desktops, no client-version limits. */
function columnTable(columns: string[], rows: string[][]): Json[] {
  const line = (cells: string[], header: boolean): Json => ({
    tag: 'column_set',
    flex_mode: 'none',
    background_style: header ? 'grey' : 'default',
    columns: columns.map((_, i) => ({
      tag: 'column',
      width: 'weighted',
      weight: 1,
      vertical_align: 'top',
      elements: [
        {
          tag: 'div',
          text: header
            ? { tag: 'lark_md', content: `**${escapeLarkMd(cells[i] ?? '')}**` }
            : plain(cells[i] ?? ''),
        },
      ],
    })),
  });
  return [line(columns, true), ...rows.map((r) => line(r, false))];
}

/** A compact table for many rows: one text line per row. */
function listTable(columns: string[], rows: string[][]): Json[] {
  return [{ tag: 'div', text: plain([columns.join(' ｜ '), ...rows.map((r) => r.join(' ｜ '))].join('\n')) }];
}

function build(
  card: Card,
  mentions: readonly Mention[],
  rows: string[][] | undefined,
  compact: boolean,
  omitted: number,
): Json {
  const elements: Json[] = [];
  if (card.lines.length) elements.push({ tag: 'div', text: plain(card.lines.join('\n')) });
  const at = mentionElement(mentions);
  if (at) elements.push(at);
  if (card.table && rows) {
    if (elements.length) elements.push({ tag: 'hr' });
    elements.push(...(compact ? listTable(card.table.columns, rows) : columnTable(card.table.columns, rows)));
    if (omitted > 0)
      elements.push({
        tag: 'note',
        elements: [plain(`另有 ${omitted} 行未显示，可发送「导出」获取完整表格。`)],
      });
  }
  if (card.buttons?.length) {
    elements.push({
      tag: 'action',
      actions: card.buttons.slice(0, 10).map((b, i) => ({
        tag: 'button',
        text: plain(b.text),
        type: i === 0 ? 'primary' : 'default',
        value: b.value,
      })),
    });
  }
  return {
    config: { wide_screen_mode: true, update_multi: true },
    header: { template: 'red', title: plain(card.title) },
    elements,
  };
}

const size = (json: Json) => Buffer.byteLength(JSON.stringify(json));

/**
 * Renders the neutral Card as a Feishu interactive card (JSON 1.0): lines as text, mentions as
 * `<at>`, the table as aligned columns (a compact list when large), buttons whose value comes
 * back in `card.action.trigger`. Rows are dropped (and counted in a note) to stay under 30 KB.
 */
export function renderCard(card: Card, mentions: readonly Mention[] = [], maxBytes = MAX_CARD_BYTES): Json {
  const rows = card.table?.rows ?? [];
  let json = build(card, mentions, card.table ? rows : undefined, rows.length > 60, 0);
  if (size(json) <= maxBytes) return json;
  json = build(card, mentions, card.table ? rows : undefined, true, 0);
  if (size(json) <= maxBytes) return json;
  // Binary search for how many rows fit in the compact form.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(build(card, mentions, rows.slice(0, mid), true, rows.length - mid)) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  json = build(card, mentions, card.table ? rows.slice(0, lo) : undefined, true, rows.length - lo);
  if (size(json) <= maxBytes) return json;
  // Even without rows it is too big (very long lines): keep the head of the lines.
  const lines: string[] = [];
  let used = 0;
  for (const line of card.lines) {
    used += Buffer.byteLength(line) + 1;
    if (used > maxBytes / 2) break;
    lines.push(line);
  }
  return build(
    { ...card, lines: [...lines, '…（内容过长，已截断）'], buttons: card.buttons },
    mentions,
    undefined,
    true,
    0,
  );
}
