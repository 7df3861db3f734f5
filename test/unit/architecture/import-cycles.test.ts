/**
 * No import circles (issue 12: the customer and operator machines used to
 * import each other). The graph is every relative import, type-only ones
 * included, read with TypeScript's own pre-processor; a circle names its
 * files in order so it can be cut where it makes sense.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

/** Every circle among the files under `dir`, each as the list of files around it. */
export function importCycles(dir: string): string[][] {
  const files = sourceFiles(dir);
  const graph = new Map(files.map((file) => [
    file,
    ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles
      .map((f) => resolveImport(file, f.fileName)).filter((f): f is string => f !== null && f.startsWith(dir)),
  ]));
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') cycles.push(stack.slice(stack.indexOf(next)).map((f) => relative(ROOT, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}

describe('import circles', () => {
  it('none under src/main/flows', () => {
    expect(importCycles(join(ROOT, 'src/main/flows'))).toEqual([]);
  });

  it('none anywhere in src', () => {
    expect(importCycles(join(ROOT, 'src'))).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const fixtures = join(ROOT, 'test/unit/architecture/cycle-fixture');
    expect(importCycles(fixtures)).toEqual([['test/unit/architecture/cycle-fixture/a.ts', 'test/unit/architecture/cycle-fixture/b.ts']]);
  });
});
