import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The web pages: `nest build` copies apps/api/public to dist/apps/api/public/apps/api/public (the asset path is kept);
 * when run from the sources (tests, ts-node) they sit beside src.
 */
const CANDIDATES = [
  join(__dirname, '..', '..', '..', '..', 'public', 'apps', 'api', 'public'),
  join(__dirname, '..', '..', 'public'),
];

export const PUBLIC_DIR = CANDIDATES.find((candidate) => existsSync(join(candidate, 'index.html'))) ?? CANDIDATES[1];
