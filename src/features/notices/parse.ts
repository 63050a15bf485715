import { resolveDeadline, type Now } from '../../domain/study-session.js';
import { UserError } from '../../domain/user-error.js';

export const MAX_CONTENT = 1000;

export type NoticeArgs = { list: true } | { list: false; content: string; deadlineAt: number | null };

const DATE =
  '\\d{4}[-/.年]\\d{1,2}[-/.月]\\d{1,2}日?|\\d{1,2}[-/.月]\\d{1,2}[日号]?|今天|今日|明天|明日|后天|今晚|明晚';
const TIME = '\\d{1,2}(?::\\d{1,2}|点(?:半|\\d{1,2}分?|钟)?)';
// '截止 11-05 18:00 …', '截至明晚8点 …', '截止 明天 …': only at the start, so content may say 截止 freely.
const DEADLINE_RE = new RegExp(
  `^(?:截止|截至)(?:时间|到)?[\\s:：]*(?<date>${DATE})?\\s*(?<time>${TIME})?(?=\\s|$)`,
);

const EXAMPLE = '例如：通知 截止 11-05 18:00 请各位党员完成二十大精神学习';

/** Reads `通知 [截止 <时间>] <内容>` or `通知 列表`. Throws UserError. */
export function parseNotice(raw: string, now: Now): NoticeArgs {
  const text = raw.trim();
  if (text === '列表' || text === 'list') return { list: true };
  let deadlineAt: number | null = null;
  let content = text;
  if (/^(截止|截至)/.test(text)) {
    const m = DEADLINE_RE.exec(text);
    if (!m || (!m.groups?.date && !m.groups?.time))
      throw new UserError(
        `无法识别截止时间。请写成「截止 11-05 18:00」「截止 明天」或「截止 21:00」。\n${EXAMPLE}`,
      );
    deadlineAt = resolveDeadline(m.groups.date, m.groups.time, now);
    content = text.slice(m[0].length).trim();
  }
  if (!content) throw new UserError(`请写上通知内容。${EXAMPLE}`);
  if ([...content].length > MAX_CONTENT)
    throw new UserError(`通知内容太长（最多 ${MAX_CONTENT} 字），请精简后再发。`);
  return { list: false, content, deadlineAt };
}

/** A notice number typed by a member: '3', '３', '第3号', 'No.3'; null when there is none. */
export function parseNoticeNumber(raw: string): number | null {
  const m = /^(?:第|no\.?|#)?\s*(\d{1,6})\s*号?(?:通知)?$/i.exec(raw.trim());
  return m ? Number(m[1]) : null;
}

/** The notice number in a quoted bot message ('📢 第3号通知 …'), if any. */
export function numberInQuote(text: string): number | null {
  const m = /第\s*(\d{1,6})\s*号通知/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Minutes after posting for the follow-up: '4小时', '90分钟', '1.5小时', '4h'; 0 for 关. Throws UserError. */
export function parseFollowUp(value: string): number {
  const v = value.trim().toLowerCase();
  if (/^(关|关闭|停|不提醒|off|no)$/.test(v)) return 0;
  if (/^(开|开启|打开|on|yes)$/.test(v)) return DEFAULT_FOLLOW_UP_MINUTES;
  const m = /^(\d{1,3}(?:\.\d)?)\s*(小时|个小时|h|分钟|分|min|m)$/.exec(v);
  if (!m)
    throw new UserError(
      '请写提醒时间或「关」，例如：设置 通知提醒 4小时、设置 通知提醒 30分钟、设置 通知提醒 关',
    );
  const minutes = Math.round(Number(m[1]) * (/^(小时|个小时|h)$/.test(m[2]!) ? 60 : 1));
  if (minutes < 10 || minutes > 72 * 60) throw new UserError('通知提醒请设在 10 分钟到 72 小时之间。');
  return minutes;
}

export const DEFAULT_FOLLOW_UP_MINUTES = 240;

/** '4小时', '90分钟', '1小时30分钟'. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m}分钟` : m === 0 ? `${h}小时` : `${h}小时${m}分钟`;
}
