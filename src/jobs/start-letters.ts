/**
 * The letters pipeline of the service: the outbox relay (SQLite → BullMQ) and the send-letter
 * worker (BullMQ → SMTP), with their queue and Redis connection.
 */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ServiceMetrics } from '../http/metrics.js';
import { createTransport } from '../mail-out/transport.js';
import type { AccessTokenSource } from '../mail-auth/tokens.js';
import type { AppContext } from '../use-cases/context.js';
import type { UndeliveredLetters } from '../use-cases/bounce-alert.js';
import { OutboxRelay } from './outbox-relay.js';
import { LETTERS_QUEUE, lettersQueue, workerConnection, type SendLetterJob } from './queues.js';
import { sendLetterProcessor } from './send-letter.js';

export interface LettersPipeline {
  relay: OutboxRelay;
  /** Start taking jobs (after the mailbox is up). */
  run(): void;
  stop(): Promise<void>;
}

export function startLetters(ctx: AppContext, deps: {
  producer: Redis;
  smtpTokens: AccessTokenSource | undefined;
  metrics: ServiceMetrics;
  undeliverable: UndeliveredLetters;
  onLetterSent?: (outboxId: number) => void;
}): LettersPipeline {
  const { config, store, clock, log } = ctx;
  const queue = lettersQueue(deps.producer, config.queuePrefix);
  queue.on('error', (err) => log.debug({ err: err.message }, 'queue error'));
  const relay = new OutboxRelay(store, queue, clock, log.child({ component: 'relay' }), {
    intervalMs: 1000, batchSize: 200, attempts: config.send.maxAttempts, backoffMs: config.send.retryBaseMs,
  });
  const transport = createTransport(config, { tokens: deps.smtpTokens });
  const workerConn = workerConnection(config.redisUrl);
  workerConn.on('error', (err) => log.debug({ err: err.message }, 'redis (worker) error'));
  const worker = new Worker<SendLetterJob>(
    LETTERS_QUEUE,
    sendLetterProcessor({
      config, store, renderer: ctx.renderer, transport, clock, log: log.child({ component: 'send-letter' }),
      onSent: (sent) => {
        deps.metrics.letterSent(sent);
        deps.onLetterSent?.(sent.outboxId);
      },
      undeliverable: deps.undeliverable,
    }),
    // Ten in flight for the transport's five connections: a job keeps its slot until its "sent"
    // mark has committed (send-letter.ts), so five slots left connections idle meanwhile.
    { connection: workerConn, prefix: config.queuePrefix, concurrency: 10, autorun: false },
  );
  worker.on('error', (err) => log.warn({ err: err.message }, 'letter worker error'));
  deps.metrics.watchLetterWorker(worker);
  relay.start();
  return {
    relay,
    run: () => void worker.run().catch((err: Error) => log.error({ err: err.message }, 'worker stopped')),
    async stop() {
      await relay.stop();
      await worker.close();
      await queue.close();
      transport.close();
      workerConn.disconnect();
    },
  };
}
