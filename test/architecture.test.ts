import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

/** The project files a file imports (relative specifiers), as normalised paths. */
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) =>
    normalize(join(dirname(file), m[1]!)),
  );

const featureOf = (path: string) => /^src\/features\/([^/]+)\//.exec(path)?.[1];

describe('architecture (DESIGN §3)', () => {
  it('nothing in src/ imports adapters/ except the composition root', () => {
    const offenders = files('src')
      .filter((f) => f !== join('src', 'main.ts'))
      .filter((f) => importsOf(f).some((p) => p.startsWith('adapters/')));
    expect(offenders).toEqual([]);
  });

  it('only adapters import a platform SDK', () => {
    const sdk = /from\s+['"](wechaty|wechaty-puppet[\w-]*|@larksuiteoapi\/node-sdk|file-box)['"]/;
    expect(files('src').filter((f) => sdk.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('src/domain imports nothing else of the project', () => {
    const offenders = files('src/domain').flatMap((f) =>
      importsOf(f)
        .filter((p) => !p.startsWith('src/domain/'))
        .map((p) => `${f} → ${p}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src/core and src/reports import no feature', () => {
    const offenders = [...files('src/core'), ...files('src/reports')].flatMap((f) =>
      importsOf(f)
        .filter((p) => p.startsWith('src/features/'))
        .map((p) => `${f} → ${p}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no feature imports another (they meet through the registry)', () => {
    const offenders = files('src/features').flatMap((f) =>
      importsOf(f)
        .filter((p) => featureOf(f) && featureOf(p) && featureOf(p) !== featureOf(f))
        .map((p) => `${f} → ${p}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no module changes shared state when imported (no top-level assignment to an imported binding)', () => {
    const offenders = files('src').filter((f) => {
      const text = readFileSync(f, 'utf8');
      const imported = [...text.matchAll(/import\s*\{([^}]*)\}\s*from/g)]
        .flatMap((m) =>
          m[1]!.split(',').map((n) =>
            n
              .replace(/^\s*type\s+/, '')
              .split(/\s+as\s+/)
              .pop()!
              .trim(),
          ),
        )
        .filter(Boolean); // a multi-line import's trailing comma leaves an empty name
      return imported.some((name) =>
        new RegExp(`^(?:${name})(?:\\.[\\w$]+|\\[[^\\]]+\\])*\\s*(?:=[^=]|\\.push\\(|\\.set\\()`, 'm').test(
          text,
        ),
      );
    });
    expect(offenders).toEqual([]);
  });
});
