/**
 * Test support shared by every module's tests through the core test jar: the leak detector that turns a leaked
 * Netty buffer into a failed test class. Test threads only.
 */
package dev.pollux.core.testing;
