/**
 * Queue names, payloads and connections. Job payloads carry ids only, never names, addresses or
 * texts (SPEC §7): Redis is plain text and not part of the confidential file.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';

export const LETTERS_QUEUE = 'letters';

export interface SendLetterJob {
  outboxId: number;
}

/** jobIds must not contain ':' nor be all digits (bullmq#4052, #2832). */
export function letterJobId(outboxId: number): string {
  return `outbox-${outboxId}`;
}

/** A connection for workers: blocking commands must wait forever rather than fail (BullMQ docs). */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/** A connection for producers: fail fast while Redis is down, so the relay retries later. */
export function producerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
}

export function lettersQueue(connection: ConnectionOptions, prefix: string): Queue<SendLetterJob> {
  return new Queue<SendLetterJob>(LETTERS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      // Kept a week so the same jobId added again by the relay stays de-duplicated.
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
}
