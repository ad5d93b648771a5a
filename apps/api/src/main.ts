import { loadConfig } from '@duban/config';
import { createApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi(config);
  await app.listen(config.api.port, config.api.host);
  process.stdout.write(`duban api listening on http://${config.api.host}:${config.api.port}${config.apiDocs ? ' (OpenAPI at /docs)' : ''}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`duban api: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
