/**
 * JMH micro-benchmarks of Pollux's hot paths: one request's round trip through a real server, the scoreboard
 * writes a worker makes per request, and access-log formatting. The poller's HTTP decoding and encoding are
 * measured beside the codec's classes, in {@code dev.pollux.mpm.event}. Run from the checkout's root:
 * {@code mvn -B -q -DskipTests package && java -jar benchmarks/target/benchmarks.jar}.
 */
package dev.pollux.bench.jmh;
