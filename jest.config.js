/**
 * Unit specs live beside the code; e2e suites (real MariaDB, Redis, SMTP, Chromium) live in test/; domain integration
 * specs (the services against a scratch MariaDB and Redis, no HTTP) live in libs/domain/integration/.
 */
const esmPackages = [
  '@nestjs', 'nodemailer', 'smtp-server', 'file-type', 'strtok3', 'token-types', '@tokenizer',
  '@borewit', 'uint8array-extras',
].join('|');

const shared = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs', ignoreDynamic: false },
    }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  moduleNameMapper: {
    '^@app/(config|contracts|database|domain|matching)$': '<rootDir>/libs/$1/src',
    '^@app/(config|contracts|database|domain|matching)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
};

module.exports = {
  // e2e tests boot real processes; the timeout is a global option, not a per-project one.
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Domain services against a scratch MariaDB and the real Redis, without HTTP or a worker.
    { ...shared, displayName: 'domain', testMatch: ['<rootDir>/libs/domain/integration/**/*.int-spec.ts'] },
  ],
};
