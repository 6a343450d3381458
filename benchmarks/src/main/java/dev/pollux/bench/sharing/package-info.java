/**
 * How a connection finds a free child, measured on the kernel itself: {@link
 * dev.pollux.bench.sharing.ListenerSharing} compares one listening socket shared by every child (what Pollux's
 * parent hands its children) with a socket per child bound with {@code SO_REUSEPORT}, while one child is busy.
 */
package dev.pollux.bench.sharing;
