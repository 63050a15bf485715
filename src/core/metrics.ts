import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry for the process; `/metrics` renders it. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'zhibu_' });

export const metrics = {
  messagesAccepted: new Counter({
    name: 'zhibu_messages_accepted_total',
    help: 'Messages written to the inbox',
    labelNames: ['platform'],
    registers: [registry],
  }),
  messagesDuplicate: new Counter({
    name: 'zhibu_messages_duplicate_total',
    help: 'Redelivered messages dropped by the inbox',
    labelNames: ['platform'],
    registers: [registry],
  }),
  commands: new Counter({
    name: 'zhibu_commands_total',
    help: 'Commands handled, by outcome',
    labelNames: ['command', 'outcome'],
    registers: [registry],
  }),
  handleSeconds: new Histogram({
    name: 'zhibu_handle_seconds',
    help: 'Time to handle one inbox message',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
    registers: [registry],
  }),
  outboxSent: new Counter({
    name: 'zhibu_outbox_sent_total',
    help: 'Messages sent to platforms',
    labelNames: ['platform'],
    registers: [registry],
  }),
  outboxFailed: new Counter({
    name: 'zhibu_outbox_send_failures_total',
    help: 'Failed send attempts',
    labelNames: ['platform', 'permanent'],
    registers: [registry],
  }),
  outboxMerged: new Counter({
    name: 'zhibu_outbox_merged_total',
    help: 'Replies merged into another message',
    registers: [registry],
  }),
  outboxPending: new Gauge({
    name: 'zhibu_outbox_pending',
    help: 'Messages waiting in the outbox',
    registers: [registry],
  }),
  inboxPending: new Gauge({
    name: 'zhibu_inbox_pending',
    help: 'Messages waiting to be handled',
    registers: [registry],
  }),
};
