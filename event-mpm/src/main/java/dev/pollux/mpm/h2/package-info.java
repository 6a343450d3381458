/**
 * HTTP/2's rules, mod_http2's part of httpd: which protocols are offered where ({@link
 * dev.pollux.mpm.h2.H2Settings}), Netty's frame codec with Pollux's limits, flood protection included ({@link
 * dev.pollux.mpm.h2.FrameCodecs}), and the detection of a cleartext client that opens with HTTP/2's preface
 * ({@link dev.pollux.mpm.h2.PriorKnowledge}). The connection and stream state machines that run on the poller
 * and hand streams to the workers live beside HTTP/1's in {@code dev.pollux.mpm.event}, whose timeout queues
 * and worker hand-off they share.
 */
package dev.pollux.mpm.h2;
