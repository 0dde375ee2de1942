import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built web app (`npm run build:web` writes apps/web's build to apps/api/public): `nest build` copies it to
 * dist/apps/api/public/apps/api/public (the asset path is kept); run from the sources (tests) it sits beside src.
 */
const CANDIDATES = [
  join(__dirname, '..', '..', '..', '..', 'public', 'apps', 'api', 'public'),
  join(__dirname, '..', '..', 'public'),
];

export const PUBLIC_DIR = CANDIDATES.find((candidate) => existsSync(join(candidate, 'index.html'))) ?? CANDIDATES[1];
