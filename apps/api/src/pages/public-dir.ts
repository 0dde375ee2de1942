import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The web pages: beside the sources in development, copied next to the build by `nest build`. */
export const PUBLIC_DIR = [join(__dirname, '..', '..', '..', 'public'), join(__dirname, '..', '..', 'public'), join(__dirname, '..', '..', '..', '..', '..', 'public')]
  .find((candidate) => existsSync(join(candidate, 'index.html'))) ?? join(__dirname, '..', '..', 'public');
