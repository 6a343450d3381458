package dev.pollux.mpm.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the launcher's small state files whole: a reader sees the old content or the new, never a part. */
final class AtomicFile {

    private AtomicFile() {
    }

    /**
     * Replaces {@code file} with {@code text} (UTF-8), through a temporary file in the same folder moved over it;
     * readable by everyone, as httpd's PID file is, where the file system has POSIX permissions. Creates the folder.
     */
    static void write(Path file, String text) throws IOException {
        Path folder = Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
