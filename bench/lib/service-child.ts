/**
 * The service as `complaint-desk start` runs it, with one difference for benchmarks: its clock
 * may run BENCH_CLOCK_OFFSET_MS ahead of (or behind) the wall clock, so that a reminder hour can
 * be made to fall a few seconds from now. Everything else (config from the environment, logs as
 * JSON on stdout, SIGTERM for a graceful stop) is the same.
 */
import { loadConfig } from '../../src/config.js';
import { startService } from '../../src/main.js';

const offset = Number(process.env.BENCH_CLOCK_OFFSET_MS ?? 0);
if (!Number.isFinite(offset)) throw new Error('BENCH_CLOCK_OFFSET_MS must be a number');
const service = await startService(loadConfig(process.env), { clock: { now: () => new Date(Date.now() + offset) } });
const shutdown = () => void service.stop().then(() => process.exit(0));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
