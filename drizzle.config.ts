import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  // One schema file per capability (schema.ts, schema-study.ts, schema-fund.ts, ...).
  schema: './src/store/schema*.ts',
  out: './migrations',
});
