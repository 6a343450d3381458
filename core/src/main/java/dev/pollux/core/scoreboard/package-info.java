/**
 * The scoreboard: worker slots, per-poller connection counters and server totals, in httpd's terms.
 *
 * <p>Threading: every {@link dev.pollux.core.scoreboard.WorkerSlot} is written only by the worker thread that
 * owns it and every {@link dev.pollux.core.scoreboard.PollerCounters} only by its poller thread, with release
 * stores and no locks; any thread may read, and sees values at most a moment old.
 */
package dev.pollux.core.scoreboard;
