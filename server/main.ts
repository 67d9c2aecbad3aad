import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startServer } from './Server';
import { describeUrl } from './storage/PostgresStorage';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, { logger }).catch((error: NodeJS.ErrnoException) => {
    const reason =
      error.code === 'EADDRINUSE'
        ? `port ${config.port} is already in use (set PORT to another port)`
        : error.message.replace(/\.$/, '');
    process.stderr.write(`Stip cannot start: ${reason}.\n`);
    process.exit(1);
  });
  const store = config.databaseUrl ? { database: describeUrl(config.databaseUrl) } : { dataDir: config.dataDir };
  logger.info(`Stip is running at ${server.url}`, store);
  server.downloads.prestart();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error('error while stopping', { error: error.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
