/**
 * `npm run lint:deps` catches what it is meant to: the rules run on scratch copies of the project's layout, one
 * clean and one per planted violation. dependency-cruiser runs through its CLI because its JS API is an ES module
 * that jest's CommonJS runtime cannot load.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkBoundaries } from './check-boundaries';

const REPO_ROOT = path.join(__dirname, '..');
// The same executable `npm run lint:deps` runs.
const DEPCRUISE = path.join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = path.join(REPO_ROOT, '.dependency-cruiser.cjs');
const LIBS = ['config', 'contracts', 'database', 'domain', 'matching'];

type Files = Record<string, string>;

interface Violation {
  rule: string;
  from: string;
  to: string;
}

const lines = (...sourceLines: string[]): string => `${sourceLines.join('\n')}\n`;

/** The real layering in miniature: every import below is one the rules allow. */
const CLEAN_TREE: Files = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      paths: Object.fromEntries(LIBS.flatMap((lib) => [
        [`@app/${lib}`, [`./libs/${lib}/src`]],
        [`@app/${lib}/*`, [`./libs/${lib}/src/*`]],
      ])),
    },
  }),
  // A stand-in for an npm package: the scratch tree has no real node_modules.
  'node_modules/typeorm/package.json': JSON.stringify({ name: 'typeorm', main: 'index.js' }),
  'node_modules/typeorm/index.js': lines('exports.Entity = () => () => undefined;'),
  'apps/api/src/main.ts': lines(
    "import { port } from '@app/config';",
    "import { roundsOf } from '@app/domain';",
    'export const run = () => [roundsOf(), port];',
  ),
  'apps/worker/src/main.ts': lines(
    "import { roundsOf } from '@app/domain';",
    "import { solve } from '@app/matching';",
    'export const run = () => solve(roundsOf());',
  ),
  'libs/config/src/index.ts': lines(
    '// The one library allowed to read the environment.',
    'export const port = Number(process.env.PORT);',
  ),
  'libs/contracts/src/index.ts': lines("export type { RoundView } from './rounds';"),
  'libs/contracts/src/rounds.ts': lines('export interface RoundView { id: number }'),
  'libs/matching/src/index.ts': lines(
    "import { isUtf8 } from 'node:buffer';",
    'export const solve = (input: unknown) => isUtf8(Buffer.from(String(input)));',
  ),
  'libs/database/src/index.ts': lines(
    "import { port } from '@app/config';",
    "export { Round } from './round.entity';",
    'export const databasePort = port;',
  ),
  'libs/database/src/round.entity.ts': lines("import { Entity } from 'typeorm';", '@Entity()', 'export class Round {}'),
  'libs/domain/src/index.ts': lines(
    "import type { RoundView } from '@app/contracts';",
    "import { Round } from '@app/database';",
    "import { a } from './a';",
    'export const roundsOf = (): RoundView[] => [a(), new Round()].map(() => ({ id: 1 }));',
  ),
  'libs/domain/src/a.ts': lines("import { b } from './b';", 'export const a = () => b();'),
  'libs/domain/src/b.ts': lines('export const b = () => 1;'),
};

/** One violation each, planted into the clean tree. */
const PLANTED = {
  cycleInDomain: {
    'libs/domain/src/b.ts': lines("import { a } from './a';", 'export const b = (): number => (a ? 1 : 0);'),
  },
  apiImportsWorker: {
    'apps/api/src/main.ts': lines("import { run as work } from '../../worker/src/main';", 'export const run = work;'),
  },
  matchingImportsConfig: {
    'libs/matching/src/index.ts': lines(
      "import { port } from '@app/config';",
      'export const solve = (input: unknown) => [input, port];',
    ),
  },
  contractsImportNpmPackage: {
    'libs/contracts/src/rounds.ts': lines(
      "import { Entity } from 'typeorm';",
      'export interface RoundView { id: number }',
      'export const tag = Entity;',
    ),
  },
} satisfies Record<string, Files>;

type Scenario = 'clean' | keyof typeof PLANTED;

let scratchRoot: string;
let cruises: Record<Scenario, Promise<Violation[]>>;

beforeAll(() => {
  scratchRoot = mkdtempSync(path.join(os.tmpdir(), 'dependency-rules-'));
  // Each cruise spends about 2 s starting node and TypeScript, so they all run at once.
  const scenarios: [Scenario, Files][] = [['clean', {}], ...Object.entries(PLANTED) as [Scenario, Files][]];
  cruises = Object.fromEntries(scenarios.map(([name, planted]) => [name, startCruise(scratchTree(planted))])) as typeof cruises;
});

afterAll(async () => {
  await Promise.allSettled(Object.values(cruises));
  rmSync(scratchRoot, { recursive: true, force: true });
});

function scratchTree(planted: Files = {}): string {
  const root = mkdtempSync(path.join(scratchRoot, 'tree-'));
  for (const [file, text] of Object.entries({ ...CLEAN_TREE, ...planted })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

function startCruise(root: string): Promise<Violation[]> {
  const violations = cruise(root).then(violationsIn);
  // Only its own test awaits it, maybe after it failed: that must not count as an unhandled rejection first.
  violations.catch(() => undefined);
  return violations;
}

function cruise(root: string): Promise<string> {
  const args = [DEPCRUISE, '--config', CONFIG, '--output-type', 'json', 'apps', 'libs'];
  return new Promise((resolve, reject) => {
    // depcruise exits with the number of violations, so only a missing report is a failure.
    execFile(process.execPath, args, { cwd: root, encoding: 'utf8' }, (_exit, stdout, stderr) => {
      if (stdout) resolve(stdout);
      else reject(new Error(`depcruise printed no report: ${stderr}`));
    });
  });
}

function violationsIn(report: string): Violation[] {
  type Report = { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  const { summary } = JSON.parse(report) as Report;
  return summary.violations.map(({ rule, from, to }) => ({ rule: rule.name, from, to }));
}

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('finds no violation in a tree that keeps the layering', async () => {
    expect(await cruises.clean).toEqual([]);
  });

  it('reports an import cycle in libs/domain as no-circular', async () => {
    expect(await cruises.cycleInDomain).toEqual([
      { rule: 'no-circular', from: 'libs/domain/src/a.ts', to: 'libs/domain/src/b.ts' },
    ]);
  });

  it('reports apps/api importing apps/worker as no-app-to-app', async () => {
    expect(await cruises.apiImportsWorker).toEqual([
      { rule: 'no-app-to-app', from: 'apps/api/src/main.ts', to: 'apps/worker/src/main.ts' },
    ]);
  });

  it('reports libs/matching importing @app/config as matching-is-self-contained', async () => {
    expect(await cruises.matchingImportsConfig).toEqual([
      { rule: 'matching-is-self-contained', from: 'libs/matching/src/index.ts', to: 'libs/config/src/index.ts' },
    ]);
  });

  it('reports libs/contracts importing an npm package as contracts-are-self-contained', async () => {
    expect(await cruises.contractsImportNpmPackage).toEqual([
      { rule: 'contracts-are-self-contained', from: 'libs/contracts/src/rounds.ts', to: 'node_modules/typeorm/index.js' },
    ]);
  });
});

describe('boundary checker (scripts/check-boundaries.ts)', () => {
  it('finds no violation in a tree that keeps the boundaries', () => {
    expect(checkBoundaries(scratchTree())).toEqual([]);
  });

  it('reports process.env read in libs/domain, with its line', () => {
    const root = scratchTree({
      'libs/domain/src/b.ts': lines('export const b = () => 1;', 'export const mode = process.env.NODE_ENV;'),
    });
    expect(checkBoundaries(root)).toEqual([{ rule: 'process.env outside libs/config', file: 'libs/domain/src/b.ts', line: 2 }]);
  });

  it('ignores process.env named in a comment or a string', () => {
    const root = scratchTree({
      'libs/domain/src/b.ts': lines('// Reads no process.env: config does.', "export const b = () => 'process.env'.length;"),
    });
    expect(checkBoundaries(root)).toEqual([]);
  });

  it('reports an @Entity in libs/domain, with its line', () => {
    const root = scratchTree({
      'libs/domain/src/b.ts': lines("import { Entity } from 'typeorm';", 'export const b = () => 1;', '@Entity()', 'export class Stray {}'),
    });
    expect(checkBoundaries(root)).toEqual([
      { rule: 'TypeORM entity outside libs/database', file: 'libs/domain/src/b.ts', line: 3 },
    ]);
  });
});
