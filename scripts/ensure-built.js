'use strict';
/**
 * Usage: node scripts/ensure-built.js matching
 * Builds dist/<target> when it is missing or older than any source file, quietly; prints only on failure.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const targets = {
  matching: {
    sources: ['libs/matching/src', 'libs/matching/tsconfig.cli.json', 'tsconfig.json'],
    output: 'dist/matching/cli.js',
    tsconfig: 'libs/matching/tsconfig.cli.json',
  },
};

function newestMtime(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .filter((name) => !name.endsWith('.spec.ts'))
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), 0);
}

function isStale(target) {
  const output = path.join(root, target.output);
  if (!fs.existsSync(output)) return true;
  const builtAt = fs.statSync(output).mtimeMs;
  return target.sources.some((source) => newestMtime(path.join(root, source)) > builtAt);
}

const name = process.argv[2];
const target = targets[name];
if (!target) {
  process.stderr.write(`ensure-built: unknown target "${name}" (known: ${Object.keys(targets).join(', ')})\n`);
  process.exit(2);
}
if (isStale(target)) {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, '-p', target.tsconfig], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`ensure-built: building ${name} failed\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  // tsc leaves an unchanged file's old timestamp; mark the build as done now.
  const now = new Date();
  fs.utimesSync(path.join(root, target.output), now, now);
}
