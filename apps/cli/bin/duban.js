#!/usr/bin/env node
// Runs the TypeScript sources directly: swc compiles them on load (decorator metadata included).
process.env.SWC_NODE_PROJECT ??= require('path').join(__dirname, '../../../tsconfig.base.json');
require('@swc-node/register');
require('../src/main').main(process.argv).catch((err) => {
  process.stderr.write(`duban: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
