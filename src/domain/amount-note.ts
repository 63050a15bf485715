import { parseAmount } from './money.js';
import { UserError } from './user-error.js';

/**
 * '捐款 50 七一慰问': the amount, then a note. The amount is a whole token, or stands straight
 * against a note where the boundary is unmistakable: after a unit word ('50元七一慰问',
 * '五十元慰问'), or figures before a Chinese word that is no numeral or unit ('¥12.5慰问').
 * A token that merely starts with a number ('1e20', '5e2', '1e3元', '5-3', '0x10', '1亿') is
 * refused, never half-read: the ledger is append-only, so '1e20' must not become 1.00 元 with
 * 'e20' as its note.
 */
const UNIT_TOKEN = /^(?:元整?|块钱?|圆)$/;
const FIGURES_UNIT_NOTE = /^([¥￥]?\d[\d,]*(?:\.\d+)?(?:元整|元|块钱|块|圆))(.+)$/;
const FIGURES_WORD_NOTE = /^([¥￥]?\d[\d,]*(?:\.\d+)?)(\p{Script=Han}.*)$/u;
const UNIT_START = /^[元块圆角毛分整正钱]/;
/** Text that would continue an amount ('五角…', '5毛'), so it cannot start a note. */
const MORE_AMOUNT = /^(?:[\d.,]|[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖]?[角毛分])/;
const NUMERALS = /^[\d.,零〇一壹二贰两兩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億点點角毛分]/;
const AMOUNT_CHARS =
  /^[\d.,¥￥元块钱圆角毛分整零〇一壹二贰两兩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億点點-]+$/;

export function splitAmountAndNote(raw: string): { amountFen: number; rest: string } {
  const tokens = String(raw ?? '')
    .split(/\s+/)
    .filter(Boolean);
  if (tokens.length === 0) throw new UserError('请写明金额。', true);
  if (tokens[1] && UNIT_TOKEN.test(tokens[1])) tokens.splice(0, 2, tokens[0]! + tokens[1]);
  // '5 万', '三块 五毛' are one amount typed with a space, never 5 元 with the note '万'.
  if (tokens[1] && AMOUNT_CHARS.test(tokens[1])) {
    const joined = parseAmount(tokens[0]! + tokens[1]);
    if (joined.ok) tokens.splice(0, 2, tokens[0]! + tokens[1]);
    else if (/^[百佰千仟万萬亿億角毛分]/.test(tokens[1])) throw new UserError(joined.reason);
  }
  const [first, ...others] = tokens as [string, ...string[]];
  const whole = parseAmount(first);
  if (whole.ok) return { amountFen: whole.fen, rest: others.join(' ') };
  // Only a unit word may end an amount written straight against its note.
  const candidates: [string, string, RegExp][] = [];
  const figures = FIGURES_UNIT_NOTE.exec(first);
  if (figures) candidates.push([figures[1]!, figures[2]!, MORE_AMOUNT]);
  const word = FIGURES_WORD_NOTE.exec(first);
  if (word && !UNIT_START.test(word[2]!)) candidates.push([word[1]!, word[2]!, NUMERALS]);
  const unit = first.search(/[元块圆]/);
  if (unit > 0 && !/^[¥￥]?\d/.test(first))
    candidates.push([first.slice(0, unit + 1), first.slice(unit + 1).replace(/^(?:整|钱)/, ''), NUMERALS]);
  for (const [amount, note, continues] of candidates) {
    const r = parseAmount(amount);
    if (r.ok && note && !continues.test(note)) return { amountFen: r.fen, rest: [note, ...others].join(' ') };
  }
  const generic = whole.reason.startsWith('看不懂金额');
  const glued =
    generic &&
    !AMOUNT_CHARS.test(first) &&
    /^[¥￥]?[\d零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾]/.test(first);
  throw new UserError(
    glued ? `${whole.reason}金额和备注之间请加一个空格，例如「捐款 50 七一慰问」。` : whole.reason,
  );
}
