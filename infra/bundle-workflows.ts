import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';

/**
 * Production workers load a prebuilt workflow bundle (WORKFLOW_BUNDLE) instead of bundling at start-up.
 * Workspace packages resolve through node_modules symlinks, so no tsconfig-paths plugin is needed.
 */
async function bundle(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'dist/workflows/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('@duban/workflows'), logger: new DefaultLogger('WARN') });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  process.stdout.write(`workflow bundle written to ${out} (${(code.length / 1024).toFixed(0)} KiB); start the worker with WORKFLOW_BUNDLE=${out}\n`);
}

bundle().catch((err: unknown) => {
  process.stderr.write(`bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
