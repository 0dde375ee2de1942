import 'reflect-metadata';
import { configOrExit } from '@app/config';
import { dataSourceOptions } from '@app/database';
import { CoordinatorsService } from '@app/domain';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';

const USAGE = `Usage:
  npm run migration:run                                   apply pending migrations
  npm run cli -- coordinator:create --name NAME --email EMAIL   create an admin and print their personal API token once`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = configOrExit();
  const dataSource = new DataSource(dataSourceOptions(config.DATABASE_URL));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'migration:run': {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        process.stdout.write(applied.length ? `Applied ${applied.map((migration) => migration.name).join(', ')}\n` : 'No pending migrations\n');
        return 0;
      }
      case 'coordinator:create': {
        const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, email: { type: 'string' } } });
        if (!values.name || !values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
          process.stderr.write(`coordinator:create needs --name and a valid --email\n${USAGE}\n`);
          return 2;
        }
        const coordinators = new CoordinatorsService(dataSource, config);
        const { coordinator, token } = await coordinators.create(values.name, values.email);
        process.stderr.write(`Admin ${coordinator.name} <${coordinator.email}> created. Keep this token: it is shown only once.\n`);
        process.stdout.write(`${token}\n`);
        return 0;
      }
      default:
        process.stderr.write(`${USAGE}\n`);
        return 2;
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`Error: ${error.message}\n`);
    process.exit(1);
  },
);
