import type { Command } from './context.js';
import { UserError } from '../domain/user-error.js';
import { hasCjk } from './text.js';

export interface Match {
  command: Command<unknown>;
  rawArgs: string;
}

/** Letters that would continue a word: after a name they make the text chat, not a command. */
const WORD_CHAR = /[\u3400-\u9fffA-Za-z]/;
/** 'name: args' and 'name:args' (a full-width colon is ':' once the text is normalised). */
const NAME_COLON = /^([^\s:]+?)\s*:/;

/** The day glued arguments are parsed against: only their form matters, not the date they name. */
export const FORM_DAY = '2026-06-15';

/**
 * A `glued` predicate from an argument parser: the rest glued to a Chinese name counts as
 * arguments when the parser accepts it ('汇总本月'), and as chat when it refuses ('打卡了吗').
 */
export function gluedWhen(parse: (rest: string) => unknown): (rest: string) => boolean {
  return (rest) => {
    try {
      parse(rest);
      return true;
    } catch (err) {
      if (err instanceof UserError) return false;
      throw err;
    }
  };
}

/** Commands as data: looked up by name or alias; duplicates are refused at registration. */
export class Router {
  private readonly byName = new Map<string, Command<unknown>>();
  private readonly list: Command<unknown>[] = [];
  /** Names longest first, so '学习签到' wins over '学习'. */
  private names: string[] = [];

  register(...commands: Command<any>[]): this {
    for (const command of commands) {
      for (const name of [command.name, ...command.aliases]) {
        const key = name.toLowerCase();
        const taken = this.byName.get(key);
        if (taken) throw new Error(`命令名「${name}」重复：${taken.name} 与 ${command.name}`);
        this.byName.set(key, command);
      }
      this.list.push(command);
    }
    this.names = [...this.byName.keys()].sort((a, b) => b.length - a.length);
    return this;
  }

  commands(): readonly Command<unknown>[] {
    return this.list;
  }

  find(name: string): Command<unknown> | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /**
   * Finds the command a normalised text starts with. The name must be followed by a space, a
   * colon or the end; a Chinese name may also be followed directly by a digit or symbol
   * ('捐款50', '学习签到《党章》'), and by more Chinese only when the command declares that rest
   * as its arguments (`glued`: '汇总本月'), so '打卡了吗' is chat, not a command.
   */
  match(text: string): Match | undefined {
    const lower = text.toLowerCase();
    const colon = NAME_COLON.exec(lower);
    const named = colon ? this.byName.get(colon[1]!) : undefined;
    if (colon && named) return { command: named, rawArgs: text.slice(colon[0].length).trim() };
    const space = lower.indexOf(' ');
    const head = space === -1 ? lower : lower.slice(0, space);
    const exact = this.byName.get(head);
    if (exact) return { command: exact, rawArgs: argsAfter(text, space === -1 ? text.length : space) };
    for (const name of this.names) {
      if (!hasCjk(name) || !lower.startsWith(name)) continue;
      const command = this.byName.get(name)!;
      const rawArgs = argsAfter(text, name.length);
      if (WORD_CHAR.test(text.charAt(name.length)) && !command.glued?.(rawArgs)) continue;
      return { command, rawArgs };
    }
    return undefined;
  }

  /**
   * The command name or alias one edit (a character added, dropped, changed, or two swapped)
   * away from `word`, for "你是不是想发「打卡」？"; undefined when none is, or for one-letter words.
   */
  suggest(word: string): string | undefined {
    const typed = [...word.toLowerCase()];
    if (typed.length < 2 || this.byName.has(word.toLowerCase())) return undefined;
    for (const command of this.list) {
      for (const name of [command.name, ...command.aliases]) {
        const known = [...name.toLowerCase()];
        if (known.length >= 2 && oneEditApart(typed, known)) return name;
      }
    }
    return undefined;
  }
}

/** The arguments after position `at`, without a leading colon ('捐款 ：50'). */
function argsAfter(text: string, at: number): string {
  return text.slice(at).trim().replace(/^:\s*/, '');
}

/** Exactly one edit between two code-point arrays (Damerau: a swap of neighbours is one edit). */
function oneEditApart(a: string[], b: string[]): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return false; // the same word
  const tail = (x: number, y: number) => a.slice(x).join('') === b.slice(y).join('');
  if (a.length === b.length)
    return tail(i + 1, i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && tail(i + 2, i + 2));
  return a.length > b.length ? tail(i + 1, i) : tail(i, i + 1);
}
