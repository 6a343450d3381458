package dev.pollux.core.scoreboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the scoreboard's records live, in httpd's layout: a header for the whole server, one record per process
 * (child), and one per worker slot of each process. A single process keeps them in its own direct memory
 * ({@link #inProcess}); a parent and its children share them through a memory-mapped file ({@link #create},
 * {@link #open}), httpd's {@code ScoreBoardFile}, so that any child's status page reads every child, and the parent
 * can clear what a crashed child left.
 */
public abstract sealed class ScoreboardMemory {

    static final int HEADER_MAGIC = 0;
    static final int HEADER_PROCESSES = 1;
    static final int HEADER_SLOTS = 2;
    static final int HEADER_POLLERS = 3;
    /** The server's generation: what a child of an older one is finishing. */
    static final int HEADER_GENERATION = 4;
    static final int HEADER_RESTART_MILLIS = 5;
    static final int HEADER_LONGS = 8;
    private static final long MAGIC = 0x504f4c4c55585342L; // "POLLUXSB"

    private final int processLimit;
    private final int pollers;

    private ScoreboardMemory(int processLimit, int pollers) {
        this.processLimit = processLimit;
        this.pollers = pollers;
    }

    /** One process's memory, its slots allocated as {@link Scoreboard#resize} asks for them. */
    public static ScoreboardMemory inProcess(int pollers) {
        return new InProcess(pollers);
    }

    /**
     * Creates (or empties) the shared file for {@code processLimit} processes ({@code mpm.server-limit}) of
     * {@code slots} worker slots and {@code pollers} pollers each. The parent's.
     */
    public static ScoreboardMemory create(Path file, int processLimit, int slots, int pollers) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        long size = fileSize(processLimit, slots, pollers);
        if (size > MAX_FILE_SIZE) {
            throw new IOException("a scoreboard of " + size + " bytes is past the " + MAX_FILE_SIZE + " a file may have");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            Mapped memory = new Mapped(buffer, processLimit, slots, pollers);
            Cells header = memory.header();
            header.set(HEADER_PROCESSES, processLimit);
            header.set(HEADER_SLOTS, slots);
            header.set(HEADER_POLLERS, pollers);
            header.set(HEADER_RESTART_MILLIS, System.currentTimeMillis());
            header.set(HEADER_MAGIC, MAGIC);
            return memory;
        }
    }

    /** Maps the file a parent {@link #create created}. A child's. */
    public static ScoreboardMemory open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            Cells header = new Cells(buffer, 0, HEADER_LONGS);
            if (header.get(HEADER_MAGIC) != MAGIC) {
                throw new IOException(file + " is not a Pollux scoreboard");
            }
            return new Mapped(buffer, (int) header.get(HEADER_PROCESSES), (int) header.get(HEADER_SLOTS),
                    (int) header.get(HEADER_POLLERS));
        }
    }

    /** Bytes of the shared file for {@code processLimit} processes of {@code slots} slots and {@code pollers} pollers. */
    public static long fileSize(int processLimit, int slots, int pollers) {
        return Mapped.size(processLimit, slots, pollers);
    }

    /** The largest shared file: its records are found by {@code int} offsets. */
    public static final long MAX_FILE_SIZE = Integer.MAX_VALUE;

    /** How many processes have a record. */
    public int processLimit() {
        return processLimit;
    }

    /** Pollers per process. */
    int pollers() {
        return pollers;
    }

    /** The most worker slots a process may have; unbounded in one process's own memory. */
    public abstract int slotLimit();

    /** Whether children share it (a file) rather than one process owning it. */
    public abstract boolean shared();

    abstract Cells header();

    abstract Cells process(int process);

    /** Slot {@code slot} of {@code process}, allocated on first use in one process's memory. */
    abstract Cells slot(int process, int slot);

    /** The server's current generation and when it was put in force. The parent's (or the single process's). */
    public void restarted(int generation) {
        header().set(HEADER_GENERATION, generation);
        header().set(HEADER_RESTART_MILLIS, System.currentTimeMillis());
    }

    /** The scoreboard of process {@code process} for the child that owns it, to {@link Scoreboard#claim}. */
    public Scoreboard forOwner(int process) {
        return new Scoreboard(this, process, true);
    }

    /** The scoreboard of process {@code process} as anyone else reads it (the parent, to clear a dead child's). */
    public Scoreboard forReader(int process) {
        return new Scoreboard(this, process, false);
    }

    private static final class InProcess extends ScoreboardMemory {
        private final Cells header = new Cells(ByteBuffer.allocateDirect(HEADER_LONGS * Long.BYTES), 0,
                HEADER_LONGS);
        private final Cells process;
        private final List<Cells> slots = new ArrayList<>();

        InProcess(int pollers) {
            super(1, pollers);
            header.set(HEADER_RESTART_MILLIS, System.currentTimeMillis());
            int longs = Scoreboard.processLongs(pollers);
            process = new Cells(ByteBuffer.allocateDirect(longs * Long.BYTES), 0, longs);
        }

        @Override
        public int slotLimit() {
            return Integer.MAX_VALUE;
        }

        @Override
        public boolean shared() {
            return false;
        }

        @Override
        Cells header() {
            return header;
        }

        @Override
        Cells process(int index) {
            return process;
        }

        @Override
        synchronized Cells slot(int process, int slot) {
            while (slots.size() <= slot) {
                slots.add(new Cells(ByteBuffer.allocateDirect(WorkerSlot.RECORD_BYTES), 0, WorkerSlot.LONGS));
            }
            return slots.get(slot);
        }
    }

    private static final class Mapped extends ScoreboardMemory {
        private final ByteBuffer buffer;
        private final int slots;
        private final int processBytes;

        Mapped(ByteBuffer buffer, int processLimit, int slots, int pollers) {
            super(processLimit, pollers);
            this.buffer = buffer;
            this.slots = slots;
            this.processBytes = processBytes(slots, pollers);
        }

        static long size(int processLimit, int slots, int pollers) {
            return HEADER_LONGS * Long.BYTES + (long) processLimit * processBytes(slots, pollers);
        }

        /** A process's record followed by its slots' records. */
        private static int processBytes(int slots, int pollers) {
            return Scoreboard.processLongs(pollers) * Long.BYTES + slots * WorkerSlot.RECORD_BYTES;
        }

        @Override
        public int slotLimit() {
            return slots;
        }

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        Cells header() {
            return new Cells(buffer, 0, HEADER_LONGS);
        }

        @Override
        Cells process(int process) {
            return new Cells(buffer, base(process), Scoreboard.processLongs(pollers()));
        }

        @Override
        Cells slot(int process, int slot) {
            if (slot >= slots) {
                throw new IllegalArgumentException("slot " + slot + " is past the scoreboard's " + slots);
            }
            return new Cells(buffer, base(process) + Scoreboard.processLongs(pollers()) * Long.BYTES
                    + slot * WorkerSlot.RECORD_BYTES, WorkerSlot.LONGS);
        }

        private int base(int process) {
            if (process < 0 || process >= processLimit()) {
                throw new IllegalArgumentException("process " + process + " is past the scoreboard's "
                        + processLimit());
            }
            return HEADER_LONGS * Long.BYTES + process * processBytes;
        }
    }
}
