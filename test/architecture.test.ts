import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

describe('architecture (DESIGN §3)', () => {
  it('nothing in src/ imports adapters/ except the composition root', () => {
    const offenders = files('src')
      .filter((f) => f !== join('src', 'main.ts'))
      .filter((f) =>
        /from\s+['"][./]*\/adapters\/|import\(['"][./]*\/adapters\//.test(readFileSync(f, 'utf8')),
      );
    expect(offenders).toEqual([]);
  });

  it('only adapters import a platform SDK', () => {
    const sdk = /from\s+['"](wechaty|wechaty-puppet[\w-]*|@larksuiteoapi\/node-sdk|file-box)['"]/;
    expect(files('src').filter((f) => sdk.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});
