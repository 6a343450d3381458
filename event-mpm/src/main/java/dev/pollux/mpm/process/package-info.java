/**
 * The process model: a parent ({@link dev.pollux.mpm.process.Parent}) that owns the configuration and the
 * listening sockets and runs child JVMs ({@link dev.pollux.mpm.process.ChildMain}), each a server accepting on
 * those same sockets and writing its record of the shared scoreboard. The parent hands a child its sockets over a
 * Unix domain socket ({@link dev.pollux.mpm.process.ParentLink}), restarts a child that dies, replaces one that
 * reached {@code max-connections-per-child}, keeps prefork's spare children, and restarts or stops them all
 * gracefully.
 *
 * <p>Threading: the parent's decisions run on its one control thread; child exits are noticed on the JDK's
 * process reaper and handed to that thread.
 */
package dev.pollux.mpm.process;
