/**
 * Pollux core: everything about serving HTTP that is independent of transports and threads.
 *
 * <p>Subpackages own configuration ({@code config}), HTTP request and response semantics and the handler
 * contract ({@code http}), static files ({@code files}), the scoreboard ({@code scoreboard}) and the access log
 * ({@code log}). Nothing here starts a thread except the access-log writer.
 */
package dev.pollux.core;
