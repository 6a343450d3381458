package dev.pollux.mpm.process;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.pollux.core.Version;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.scoreboard.ScoreboardMemory;
import dev.pollux.mpm.event.MpmSettings;
import dev.pollux.mpm.event.MpmType;
import dev.pollux.mpm.event.PolluxServer;
import dev.pollux.mpm.event.SharedListeners;
import dev.pollux.mpm.event.Transport;
import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * httpd's parent process: binds the listeners, runs the children ({@link ChildMain}, a JVM each), and keeps them
 * as {@code mpm.type} wants them. Event and worker: {@code start-servers} children of the generation in force.
 * Prefork: at least {@code min-spare-servers} and at most {@code max-spare-servers} idle children, starting 1, 2,
 * 4 ... up to 32 a second while short, and stopping one a second while over, within {@code max-request-workers}
 * children. Once a second (httpd's maintenance pass), and whenever a child exits:
 * <ul>
 *   <li>a child that exits unasked is logged and replaced; one that dies within {@value #QUICK_DEATH_SECONDS} s
 *       of its start waits 1, 2, 4 ... up to {@value #MAX_BACK_OFF_SECONDS} s first, so that a child that cannot
 *       start does not spin; its scoreboard record is cleared (dead slots, no open connections);</li>
 *   <li>a child that reached {@code max-connections-per-child} says so on the scoreboard (stopping) and is
 *       replaced at once, while it finishes its connections;</li>
 *   <li>a graceful restart binds any new address, starts children of the new generation and stops the old ones
 *       gracefully; the listening sockets stay open throughout, so no connection is refused.</li>
 * </ul>
 *
 * <p>Threading: every decision runs on the {@code pollux-parent} thread; the public methods hand theirs to it.
 */
public final class Parent {

    private static final Logger log = LoggerFactory.getLogger(Parent.class);
    private static final int QUICK_DEATH_SECONDS = 10;
    /** The run directory's name: this prefix, the parent's pid, a dash and a random part. */
    private static final String RUN_PREFIX = "pollux-";
    private static final Pattern RUN_DIRECTORY = Pattern.compile(Pattern.quote(RUN_PREFIX) + "(\\d+)-\\d+");
    private static final int MAX_BACK_OFF_SECONDS = 60;
    private static final int MAX_SPAWN_RATE = 32;
    /** How much longer than the graceful-stop timeout a child has to exit before it is killed. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);
    /** JVM options of the parent that a child must not repeat: a debugger's or JMX's port, a recording's file. */
    private static final List<String> PARENT_ONLY_OPTIONS = List.of("-agentlib:jdwp", "-Xrunjdwp",
            "-Dcom.sun.management.jmxremote", "-XX:StartFlightRecording", "-XX:FlightRecorderOptions", "-Xlog:",
            "-Xloggc:", "-XX:HeapDumpPath", "-XX:ErrorFile");

    /** One generation's configuration, as the children read it. */
    private record Generation(int number, MpmSettings mpm, Path configFile, List<Integer> listeners) {
    }

    /** A child process and what the parent knows of it. Control thread only. */
    private static final class Child {
        final int slot;
        final Generation generation;
        final Process process;
        final long startedNanos = System.nanoTime();
        /** Asked to stop (or stopping by itself): no longer counted as serving. */
        boolean leaving;

        Child(int slot, Generation generation, Process process) {
            this.slot = slot;
            this.generation = generation;
            this.process = process;
        }
    }

    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pollux-parent");
        thread.setDaemon(false);
        return thread;
    });
    private final Path runDirectory;
    private final ScoreboardMemory scoreboard;
    private final MultiThreadIoEventLoopGroup group;
    private final SharedListeners listeners;
    private final Channel link;
    private final Child[] children;
    /** Each live child's listeners, by slot, for the link to send when the child asks. */
    private final Map<Integer, List<Integer>> listenersBySlot = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Generation current;
    private boolean stopping;
    private int spawnRate = 1;
    /** Whether prefork's "reached max-request-workers" was logged since the pool last had room (once, as httpd). */
    private boolean reportedFull;
    private int quickDeaths;
    private long noStartBeforeNanos = System.nanoTime();

    private Parent(Config config, MpmSettings mpm) throws IOException {
        Transport.Loaded transport = mpm.transport().load();
        removeStaleRunDirectories();
        runDirectory = Files.createTempDirectory(RUN_PREFIX + ProcessHandle.current().pid() + "-");
        group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        children = new Child[mpm.children().serverLimit()];
        try {
            scoreboard = ScoreboardMemory.create(runDirectory.resolve("scoreboard"), children.length,
                    mpm.childShare().maxRequestWorkers(), mpm.pollers());
            listeners = SharedListeners.bind(mpm, transport, group);
            current = generation(0, config, mpm);
            link = ParentLink.serve(runDirectory.resolve("link"), transport.sharing().orElseThrow(), group,
                    listenersBySlot::get);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            deleteRunDirectory();
            throw e;
        }
    }

    /**
     * Binds the listeners and starts the children of a configuration that {@link PolluxConfig} validated and
     * {@link PolluxServer#check} checked; returns once the first children run (they serve a moment later).
     *
     * @throws IllegalStateException when an address cannot be bound, or the transport cannot share sockets
     */
    public static Parent start(Config config) {
        MpmSettings mpm = MpmSettings.from(config);
        Parent parent;
        try {
            parent = new Parent(config, mpm);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the parent's run directory", e);
        }
        log.info("{} parent listening on {} ({} MPM, up to {} children of {} workers)", Version.SERVER_TOKEN,
                parent.listeners.addresses(), mpm.type().statusName(), mpm.children().serverLimit(),
                mpm.childShare().maxRequestWorkers());
        parent.onControl(parent::startServers);
        parent.control.scheduleWithFixedDelay(parent::maintain, 1, 1, TimeUnit.SECONDS);
        return parent;
    }

    /** The bound cleartext addresses. */
    public List<InetSocketAddress> addresses() {
        return onControl(listeners::addresses);
    }

    /** The scoreboard the children share. */
    public ScoreboardMemory scoreboard() {
        return scoreboard;
    }

    /**
     * A graceful restart: the next generation's children start on {@code config} (validated), and the running
     * ones stop gracefully once they have finished what they serve.
     *
     * @return the new generation
     * @throws IllegalStateException for what needs a full restart (the MPM, server-limit, pollers, more workers
     *                               per child than the scoreboard has room for), or an address that cannot be
     *                               bound; nothing changes then
     */
    public int reload(Config config) {
        PolluxServer.check(config);
        MpmSettings next = MpmSettings.from(config);
        return onControl(() -> restart(config, next));
    }

    private int restart(Config config, MpmSettings next) {
        MpmSettings running = current.mpm();
        if (next.type() != running.type() || next.children().serverLimit() != running.children().serverLimit()
                || next.pollers() != running.pollers()
                || next.childShare().maxRequestWorkers() > scoreboard.slotLimit()) {
            throw new IllegalStateException("mpm.type, mpm.server-limit, mpm.pollers and more workers per child "
                    + "than at start (" + scoreboard.slotLimit() + ") take a full restart (bin/pollux -k restart)");
        }
        Generation old = current;
        current = generation(old.number() + 1, config, next);
        scoreboard.restarted(current.number());
        // The new generation first; the old children stop once it listens (maintain), or one by one to make
        // room where server-limit has none.
        startServers();
        maintain();
        log.info("Graceful restart: generation {} starting, listening on {}", current.number(),
                listeners.addresses());
        return current.number();
    }

    /** Renders the configuration the children of generation {@code number} read, and binds its listeners. */
    private Generation generation(int number, Config config, MpmSettings mpm) {
        Path file = runDirectory.resolve("generation-" + number + ".conf");
        Config own = ConfigFactory.empty().withValue(PolluxConfig.ROOT, config.getValue(PolluxConfig.ROOT));
        try {
            Files.writeString(file, own.root().render(ConfigRenderOptions.concise()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new Generation(number, mpm, file, listeners.descriptors(mpm));
    }

    /** The first children: {@code start-servers} of them, whatever the MPM. */
    private void startServers() {
        for (int i = 0; i < current.mpm().children().startServers() && spawn(); i++) {
            log.debug("Started child {} of {}", i + 1, current.mpm().children().startServers());
        }
    }

    /**
     * The pass: replace what left, keep the count or the spare pool, retire the old generation. Control thread;
     * a failure is logged and the next pass comes all the same.
     */
    private void maintain() {
        try {
            maintainOnce();
        } catch (RuntimeException e) {
            log.error("The parent's maintenance pass failed", e);
        }
    }

    private void maintainOnce() {
        if (stopping) {
            return;
        }
        for (Child child : children) {
            // A child that stops by itself (max-connections-per-child) no longer counts: its successor starts.
            if (child != null && !child.leaving && stoppingByItself(child)) {
                child.leaving = true;
                log.info("Child {} (pid {}) is retiring; starting its successor", child.slot, child.process.pid());
            }
        }
        if (quickDeaths > 0 && serving().anyMatch(child -> System.nanoTime() - child.startedNanos
                > TimeUnit.SECONDS.toNanos(QUICK_DEATH_SECONDS))) {
            quickDeaths = 0;
        }
        MpmSettings mpm = current.mpm();
        if (mpm.type() == MpmType.PREFORK) {
            keepSpares(mpm);
        } else {
            for (long serving = serving().count(); serving < mpm.children().startServers(); serving++) {
                if (!spawn()) {
                    break;
                }
            }
        }
        retireOldGeneration(mpm);
    }

    /**
     * After a graceful restart: the old generation's children stop once start-servers of the new one listen (or
     * at least one, for prefork), and, while server-limit leaves the new generation no free slot, one at a time
     * to make room.
     */
    private void retireOldGeneration(MpmSettings mpm) {
        List<Child> old = Stream.of(children).filter(child -> child != null && !child.leaving
                && child.generation != current).toList();
        if (old.isEmpty()) {
            return;
        }
        long listening = serving().filter(this::listening).count();
        long wanted = mpm.type() == MpmType.PREFORK ? 1 : mpm.children().startServers();
        if (listening >= wanted) {
            old.forEach(child -> askToStop(child, "generation " + current.number() + " has taken over"));
        } else if (Stream.of(children).allMatch(child -> child != null) && serving().count() < wanted) {
            askToStop(old.get(0), "making room for generation " + current.number());
        }
    }

    private boolean listening(Child child) {
        Scoreboard record = scoreboard.forReader(child.slot);
        return record.pid() == child.process.pid() && record.listening();
    }

    private boolean stoppingByItself(Child child) {
        Scoreboard record = scoreboard.forReader(child.slot);
        return record.pid() == child.process.pid() && record.stopping();
    }

    /** Children of the generation in force that are not leaving. */
    private Stream<Child> serving() {
        return Stream.of(children).filter(child -> child != null && !child.leaving
                && child.generation == current);
    }

    /** Prefork's spare pool: an idle child has no connection, or has not started yet. */
    private void keepSpares(MpmSettings mpm) {
        List<Child> idle = serving().filter(this::idle).toList();
        long active = serving().count();
        long most = Math.min(mpm.maxRequestWorkers(), children.length);
        int minSpare = mpm.children().minSpareServers();
        if (idle.size() < minSpare && active < most) {
            long wanted = Math.min(spawnRate, Math.min(minSpare - idle.size(), most - active));
            for (int i = 0; i < wanted; i++) {
                if (!spawn()) {
                    break;
                }
            }
            if (spawnRate >= 8) {
                log.info("Server seems busy: started {} children ({} idle, {} in all)", wanted, idle.size(),
                        active);
            }
            spawnRate = Math.min(spawnRate * 2, MAX_SPAWN_RATE);
            return;
        }
        boolean full = idle.isEmpty() && active >= most;
        if (full && !reportedFull) {
            log.warn("Server reached max-request-workers ({} children); consider raising it", most);
        }
        reportedFull = full;
        spawnRate = 1;
        if (idle.size() > mpm.children().maxSpareServers()) {
            askToStop(idle.stream().max(Comparator.comparingInt(child -> child.slot)).orElseThrow(),
                    "more than max-spare-servers are idle");
        }
    }

    private boolean idle(Child child) {
        Scoreboard record = scoreboard.forReader(child.slot);
        return record.pid() != child.process.pid() || record.openConnections() == 0;
    }

    /** Starts a child of the generation in force in the first free slot; false when it cannot now. */
    private boolean spawn() {
        if (System.nanoTime() - noStartBeforeNanos < 0) {
            return false;
        }
        int slot = 0;
        while (slot < children.length && children[slot] != null) {
            slot++;
        }
        if (slot == children.length) {
            log.debug("Every slot of server-limit ({}) is taken, by children still stopping; waiting for them",
                    children.length);
            return false;
        }
        List<String> command = childCommand(current.mpm());
        command.addAll(List.of(runDirectory.resolve("link").toString(), Integer.toString(slot),
                Integer.toString(current.number()), runDirectory.resolve("scoreboard").toString(),
                current.configFile().toString()));
        if (current.mpm().type() == MpmType.PREFORK && current.mpm().children().acceptMutex()) {
            command.add(runDirectory.resolve("accept.lock").toString());
        }
        listenersBySlot.put(slot, current.listeners());
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            listenersBySlot.remove(slot);
            log.error("Cannot start a child: {}", e.toString());
            backOff();
            return false;
        }
        Child child = new Child(slot, current, process);
        children[slot] = child;
        process.onExit().thenAccept(exited -> control.execute(() -> exited(child)));
        log.debug("Child {} started: pid {}, generation {}", slot, process.pid(), current.number());
        return true;
    }

    private void exited(Child child) {
        int status = child.process.exitValue();
        if (!child.leaving && stoppingByItself(child)) {
            child.leaving = true;
            log.info("Child {} (pid {}) retired", child.slot, child.process.pid());
        }
        children[child.slot] = null;
        listenersBySlot.remove(child.slot);
        scoreboard.forReader(child.slot).clear();
        if (Stream.of(children).noneMatch(other -> other != null && other.generation != current)) {
            // No child of an older generation is left to ask for its descriptors: close what it alone used.
            listeners.retainOnly(current.mpm());
        }
        if (stopping) {
            if (Stream.of(children).allMatch(other -> other == null)) {
                finishStop();
            }
            return;
        }
        if (child.leaving) {
            log.info("Child {} (pid {}) stopped", child.slot, child.process.pid());
        } else {
            log.error("Child {} (pid {}) exited with status {}; starting another", child.slot, child.process.pid(),
                    status);
            if (System.nanoTime() - child.startedNanos < TimeUnit.SECONDS.toNanos(QUICK_DEATH_SECONDS)) {
                backOff();
            }
        }
        maintain();
    }

    /** Another child died soon after its start: wait 1, 2, 4 ... s before the next start. */
    private void backOff() {
        long seconds = Math.min(MAX_BACK_OFF_SECONDS, 1L << Math.min(quickDeaths, 6));
        quickDeaths++;
        noStartBeforeNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        log.warn("Children die soon after they start ({} time(s) in a row): the next starts in {} s", quickDeaths,
                seconds);
    }

    private void askToStop(Child child, String why) {
        child.leaving = true;
        log.info("Stopping child {} (pid {}) gracefully: {}", child.slot, child.process.pid(), why);
        child.process.destroy();
    }

    /** Stops every child gracefully, within the generation in force's {@code graceful-shutdown-timeout}. */
    public void stop() {
        if (stopped.getCount() > 0) {
            stop(onControl(() -> current.mpm().gracefulShutdownTimeout()));
        }
    }

    /**
     * Stops every child: gracefully (SIGTERM) within {@code grace}, or, with {@link Duration#ZERO}, at once
     * (SIGINT); a child still there after that and a few seconds more is killed. Returns when all are gone.
     */
    public void stop(Duration grace) {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            control.submit(() -> beginStop(grace)).get();
            if (!stopped.await(grace.plus(EXIT_MARGIN).toMillis(), TimeUnit.MILLISECONDS)) {
                control.submit(this::kill).get();
                if (!stopped.await(EXIT_MARGIN.toMillis(), TimeUnit.MILLISECONDS)) {
                    control.submit(this::finishStop).get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            log.debug("Stopping: {}", e.toString());
        }
    }

    private void beginStop(Duration grace) {
        if (stopping) {
            return;
        }
        stopping = true;
        // The parent's copies first: once the children close theirs, the sockets are gone.
        listeners.close();
        boolean any = false;
        for (Child child : children) {
            if (child != null) {
                any = true;
                if (grace.isZero()) {
                    interrupt(child.process);
                } else {
                    child.process.destroy();
                }
            }
        }
        if (!any) {
            finishStop();
        }
    }

    /** SIGINT: a child's immediate stop. The JDK sends only TERM and KILL, so kill(1) does. */
    private static void interrupt(Process process) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        } catch (IOException e) {
            process.destroy();
        }
    }

    private void kill() {
        for (Child child : children) {
            if (child != null) {
                log.warn("Child {} (pid {}) did not stop in time: killing it", child.slot, child.process.pid());
                child.process.destroyForcibly();
            }
        }
    }

    private void finishStop() {
        if (stopped.getCount() == 0) {
            return;
        }
        link.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        deleteRunDirectory();
        control.shutdown();
        log.info("Stopped");
        stopped.countDown();
    }

    /** Waits until the parent and every child have stopped. */
    public void await() throws InterruptedException {
        stopped.await();
    }

    private void deleteRunDirectory() {
        delete(runDirectory);
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.warn("Cannot remove {}: {}", directory, e.toString());
        }
    }

    /** Run directories of parents that died without removing theirs (killed with SIGKILL): removed. */
    private static void removeStaleRunDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            for (Path entry : entries.toList()) {
                Matcher name = RUN_DIRECTORY.matcher(entry.getFileName().toString());
                if (name.matches() && Files.isDirectory(entry) && Files.isWritable(entry)
                        && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    log.debug("Removing {}, left by a parent that is gone", entry);
                    delete(entry);
                }
            }
        }
    }

    /**
     * The children's command up to their arguments: this JVM, its options (but those that take a port or a
     * file, which every child would fight over) and then {@code mpm.child-java-options}, and its class path.
     */
    private static List<String> childCommand(MpmSettings mpm) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (PARENT_ONLY_OPTIONS.stream().noneMatch(option::startsWith)) {
                command.add(option);
            }
        }
        command.addAll(mpm.children().childJavaOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildMain.class.getName());
        return command;
    }

    private <T> T onControl(java.util.concurrent.Callable<T> task) {
        try {
            return control.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void onControl(Runnable task) {
        onControl(() -> {
            task.run();
            return null;
        });
    }
}
