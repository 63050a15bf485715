import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  // The core's tables, then one schema file per feature folder.
  schema: ['./src/core/schema.ts', './src/core/ledger/schema.ts', './src/features/*/schema.ts'],
  out: './migrations',
});
