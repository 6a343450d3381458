/**
 * The two embedded servers of {@code benchmarks/embedded/run}, which measures streamed request and response bodies:
 * {@link dev.pollux.bench.embedded.EmbeddedPeer} starts Pollux ({@code PolluxServer} with an application handler)
 * or Undertow (a blocking handler on its worker pool), both on loopback and both running the same body code,
 * {@link dev.pollux.bench.embedded.Bodies}: uploads read to their end through SHA-256, downloads of N bytes of a
 * repeated pattern with a {@code Content-Length}. Run from the shaded jar:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.pollux.bench.embedded.EmbeddedPeer pollux|undertow PORT}.
 */
package dev.pollux.bench.embedded;
