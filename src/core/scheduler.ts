import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import { enqueue, type OutboxItem, type OutboxSender } from './outbox.js';
import { dayOf, minuteOfDay } from '../domain/time.js';
import type { Db } from './db.js';
import { inTransaction } from './db.js';
import { branches, chats, jobRuns } from './schema.js';
import { getSettings } from './settings.js';
import type { Job } from './feature.js';
import type { Registry } from './registry.js';
import { scopeFor } from './scope.js';
import { cronPattern, parseStored } from '../domain/schedule.js';

/**
 * Posts the scheduled reminders and reports. Each run claims (job, branch, period) in job_runs in
 * the same transaction that writes its messages to the outbox, so it posts exactly once even
 * across crashes; after downtime each job posts once, for its most recent due period.
 */
export class Scheduler {
  private ticker: Cron | undefined;
  private readonly patterns = new Map<string, Cron>();

  constructor(
    private readonly db: Db,
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly tz: string,
    private readonly log: Logger,
    private readonly sender?: OutboxSender,
  ) {}

  /** Checks every minute (real time); the app's clock decides what is due. */
  start(): void {
    this.runDue();
    this.ticker = new Cron('* * * * *', { timezone: this.tz, protect: true }, () => {
      // A timer callback must never throw: a database error here would crash the process.
      try {
        this.runDue();
      } catch (err) {
        this.log.error({ err }, 'scheduler tick failed; trying again next minute');
      }
    });
  }

  stop(): void {
    this.ticker?.stop();
  }

  /** Runs every job that is due and not yet claimed; returns how many runs posted something. */
  runDue(): number {
    const now = this.clock.now();
    let posted = 0;
    // Runs every minute: two queries for all branches and chats, not one per branch.
    const chatsByBranch = new Map<number, (typeof chats.$inferSelect)[]>();
    for (const chat of this.db.select().from(chats).all()) {
      chatsByBranch.set(chat.branchId, [...(chatsByBranch.get(chat.branchId) ?? []), chat]);
    }
    for (const branch of this.db.select().from(branches).all()) {
      const branchChats = chatsByBranch.get(branch.id);
      if (!branchChats) continue;
      const settings = getSettings(this.db, branch.id, this.registry.settingDefaults);
      // A group some feature takes over (a 党委's) is not a check-in branch: only jobs meant for it run.
      const organisation = this.registry.features.some((f) => f.groupView?.owns(this.db, branch.id));
      for (const job of this.registry.jobs) {
        if (organisation && !job.forOrganisations) continue;
        try {
          if (this.runJob(job, { branch, branchChats, settings: settings[job.setting]!, now })) posted++;
        } catch (err) {
          this.log.error({ err, job: job.id, branchId: branch.id }, 'scheduled job failed');
        }
      }
    }
    if (posted > 0) this.sender?.wake();
    return posted;
  }

  private runJob(
    job: Job,
    x: {
      branch: typeof branches.$inferSelect;
      branchChats: (typeof chats.$inferSelect)[];
      settings: string;
      now: number;
    },
  ): boolean {
    const schedule = parseStored(x.settings, job.cadence);
    if (!schedule.on) return false;
    // croner leaves out a run exactly at the reference time, so look from a second later.
    const due = this.cron(cronPattern(schedule, job.cadence))
      .previousRuns(2, new Date(x.now + 1000))
      .map((d) => d.getTime())
      .find((t) => t <= x.now);
    // Nothing is owed for times before the branch existed.
    if (due === undefined || due < x.branch.createdAt) return false;
    const dueDay = dayOf(due, this.tz);
    // A reminder for a day that has ended helps nobody.
    if (job.onlyOnDueDay && dueDay !== dayOf(x.now, this.tz)) return false;
    const period = job.period(dueDay, minuteOfDay(due, this.tz));
    // Nor for a period that ended before the branch existed (a new branch gets no empty report).
    if (period.end < dayOf(x.branch.createdAt, this.tz)) return false;
    return inTransaction(this.db, () => {
      // A minutely job claims its own work (a row per tick here would grow without end).
      if (job.cadence !== 'minutely') {
        const claim = this.db
          .insert(jobRuns)
          .values({ job: job.id, branchId: x.branch.id, period: period.key, claimedAt: x.now })
          .onConflictDoNothing()
          .run();
        if (claim.changes === 0) return false;
      }
      const deps = { db: this.db, registry: this.registry, clock: this.clock, tz: this.tz, log: this.log };
      let count = 0;
      // A branch with several groups on one platform runs the job for each; a private note to
      // the same person with the same words goes once.
      const privateSent = new Set<string>();
      for (const chat of x.branchChats) {
        const out: OutboxItem[] = [];
        job.run(scopeFor(deps, { branch: x.branch, chat, at: x.now }, out), period);
        for (const item of out) {
          const key = `${item.platform}\n${item.chatId}\n${item.payload.text}`;
          if (item.payload.private && privateSent.has(key)) continue;
          if (item.payload.private) privateSent.add(key);
          enqueue(this.db, item, x.now);
          count++;
        }
      }
      if (job.cadence !== 'minutely' || count > 0)
        this.log.info(
          { job: job.id, branchId: x.branch.id, period: period.key, messages: count },
          'scheduled job ran',
        );
      return count > 0;
    });
  }

  private cron(pattern: string): Cron {
    let cron = this.patterns.get(pattern);
    if (!cron) this.patterns.set(pattern, (cron = new Cron(pattern, { timezone: this.tz, paused: true })));
    return cron;
  }
}
