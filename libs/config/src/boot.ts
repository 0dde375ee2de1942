import { AppConfig, ConfigValidationError, loadConfig } from './app-config';

/** Loads the configuration before an app boots; a bad variable stops the process with a message naming it. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
