/**
 * The load clients of the side-by-side harness ({@code benchmarks/run}) that wrk cannot play: many slow
 * keep-alive clients (the "keep-alive crowd" scenario) and many idle keep-alive connections (the "idle"
 * scenario). One program, {@link dev.pollux.bench.load.KeepAliveClients}, does both: it holds N connections,
 * sends one small GET on each every interval, and prints one machine-readable {@code RESULT} line.
 *
 * <p>JDK only (java.nio, non-blocking), so it compiles with a bare {@code javac} while the server modules
 * are being written. Everything runs on the thread that calls {@code main}: one {@link java.nio.channels.Selector}
 * owns every socket, and no class here is safe to share between threads.
 */
package dev.pollux.bench.load;
