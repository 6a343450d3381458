package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.ScoreboardMemory;
import java.nio.file.Path;
import java.util.List;

/**
 * What a child process brings to its server from the parent that started it.
 *
 * @param scoreboard  the memory the parent shares with all its children
 * @param slot        the child's record in it, among {@code mpm.server-limit}
 * @param generation  the configuration generation the parent started it under
 * @param listeners   the parent's listening sockets, as descriptors received from it, in the order
 *                    {@code listen} then {@code ssl.listen} name them
 * @param acceptMutex prefork's accept lock file, which all children lock in turn; {@code null} for event and
 *                    worker children
 * @param onRetire    runs (on a thread of its own) once {@code max-connections-per-child} connections were
 *                    accepted: the child stops gracefully, and the parent starts another
 */
public record ChildSetup(ScoreboardMemory scoreboard, int slot, int generation, List<Integer> listeners,
                         Path acceptMutex, Runnable onRetire) {
}
