import type { Command } from './context.js';
import { hasCjk } from './text.js';

export interface Match {
  command: Command<unknown>;
  rawArgs: string;
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
   * Finds the command a normalised text starts with. The name must be followed by a space or the
   * end; a Chinese name may also be followed directly by a digit or symbol ('捐款50', '学习签到《党章》'),
   * but not by more Chinese, so '打卡了吗' is chat, not a command.
   */
  match(text: string): Match | undefined {
    const lower = text.toLowerCase();
    const space = lower.indexOf(' ');
    const head = space === -1 ? lower : lower.slice(0, space);
    const exact = this.byName.get(head);
    if (exact) return { command: exact, rawArgs: space === -1 ? '' : text.slice(space + 1).trim() };
    for (const name of this.names) {
      if (!hasCjk(name) || !lower.startsWith(name)) continue;
      const next = text.charAt(name.length);
      if (/[\u3400-\u9fffA-Za-z]/.test(next)) continue;
      return { command: this.byName.get(name)!, rawArgs: text.slice(name.length).trim() };
    }
    return undefined;
  }

  /** A command name one edit away from `word` (a typo such as 打咔), if exactly one is. */
  suggest(word: string): string | undefined {
    const near = new Set<string>();
    for (const [name, command] of this.byName)
      if (oneEditApart(word.toLowerCase(), name)) near.add(command.name);
    return near.size === 1 ? [...near][0] : undefined;
  }
}

/** True when a and b differ by one inserted, deleted or replaced character. */
function oneEditApart(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > 1 || a === b) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const rest = (p: string[], q: string[]) => p.join('') === q.join('');
  if (x.length === y.length) return rest(x.slice(i + 1), y.slice(i + 1));
  return x.length > y.length ? rest(x.slice(i + 1), y.slice(i)) : rest(x.slice(i), y.slice(i + 1));
}
