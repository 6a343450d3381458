package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process model on real processes: bin/pollux's launcher as a parent ({@link ChildServer}) with child JVMs
 * that accept on its listening sockets and share one scoreboard.
 */
class ChildProcessesTest {

    private static final Pattern CHILD_READY = Pattern.compile("child (\\d+) of generation (\\d+)");
    private static final Pattern PROCESSES = Pattern.compile("\nProcesses: (\\d+)\n");
    private static final long WAIT_MILLIS = 60_000;

    @TempDir
    java.nio.file.Path directory;
    /** The parents a test started: stopped gracefully after it, so that each removes its run directory. */
    private final List<ChildServer> parents = new ArrayList<>();

    @AfterEach
    void stopParents() throws InterruptedException {
        for (ChildServer parent : parents) {
            try {
                parent.terminate();
                parent.awaitExit(60);
            } finally {
                parent.close();
            }
        }
    }

    @Test
    void childrenShareTheListenersAndOneStatusPage() throws Exception {
        ChildServer parent = start(Map.of("mpm.server-limit", "3", "mpm.start-servers", "2"), 2);
        String auto = get(parent, "/server-status?auto").text();
        assertTrue(auto.contains("\nProcesses: 2\n"), auto);
        assertTrue(auto.contains("\nServerMPM: event\n"), auto);
        // Each child has its share of the 8 workers: two rows of 4 slots on one scoreboard line.
        Matcher scoreboard = Pattern.compile("\nScoreboard: (\\S+)\n").matcher(auto);
        assertTrue(scoreboard.find(), auto);
        assertEquals(8, scoreboard.group(1).length(), auto);
        Set<String> pids = servingPids(parent, 40);
        assertFalse(pids.contains(Long.toString(parent.pid())), "the parent never serves: " + pids);
        String html = get(parent, "/server-status").text();
        for (String pid : pids) {
            assertTrue(html.contains("<td>" + pid + "</td>"), "the table shows child " + pid);
        }
        parent.terminate();
        assertEquals(0, parent.awaitExit(30));
        try (var left = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(left.noneMatch(entry -> entry.getFileName().toString().startsWith("pollux-" + parent.pid()
                    + "-")), "the parent removed its run directory");
        }
    }

    @Test
    void aChildThatDiesIsReplacedAndLeavesNoBusySlot() throws Exception {
        ChildServer parent = start(Map.of("mpm.server-limit", "2", "mpm.start-servers", "1"), 1);
        long child = Long.parseLong(get(parent, SleepHandlerProvider.PATH).text());
        // Killed while a request holds a worker: its slot read W when it died.
        try (RawClient stuck = new RawClient(parent.port())) {
            stuck.get(SleepHandlerProvider.PATH + "?5000");
            waitFor(() -> status(parent).contains("BusyWorkers: 2"), "the sleeping request is in a worker");
            ProcessHandle.of(child).orElseThrow().destroyForcibly();
            parent.awaitLine(line -> line.contains("exited with status"), 30);
        }
        parent.awaitLine(line -> CHILD_READY.matcher(line).find() && line.contains("child 0"), 60);
        waitFor(() -> !Long.toString(child).equals(safeText(parent, SleepHandlerProvider.PATH)),
                "a new child serves");
        String auto = status(parent);
        assertTrue(auto.contains("\nProcesses: 1\n"), auto);
        assertTrue(auto.contains("BusyWorkers: 1\n"), "only the status request itself: " + auto);
    }

    @Test
    void aGracefulRestartReplacesEveryChildWithoutDroppingARequest() throws Exception {
        ChildServer parent = start(Map.of("mpm.server-limit", "4", "mpm.start-servers", "2"), 2);
        try (RawClient slow = new RawClient(parent.port())) {
            slow.get(SleepHandlerProvider.PATH + "?8000");
            waitFor(() -> status(parent).contains("BusyWorkers: 2"), "the slow request is in a worker");
            new ProcessBuilder("kill", "-HUP", Long.toString(parent.pid())).start().waitFor();
            parent.awaitLine(line -> line.contains("child") && line.contains("of generation 1"), 60);
            waitFor(() -> safeHtml(parent).contains("yes (old gen)"),
                    "once the new children listen, the old one finishes its request as 'yes (old gen)'");
            assertEquals(200, slow.read().status(), "the request in progress finishes");
        }
        waitFor(() -> status(parent).contains("ParentServerMPMGeneration: 1")
                && processes(parent) == 2 && !safeHtml(parent).contains("old gen"), "only generation 1 is left");
        assertEquals(200, get(parent, "/").status());
    }

    @Test
    void maxConnectionsPerChildReplacesChildrenWithNoFailedRequest() throws Exception {
        Map<String, String> settings = Map.of("mpm.server-limit", "3", "mpm.start-servers", "1",
                "mpm.max-connections-per-child", "20");
        ChildServer parent = start(settings, 1);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<Set<String>>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                results.add(clients.submit(() -> {
                    Set<String> served = new HashSet<>();
                    for (int i = 0; i < 20; i++) {
                        RawClient.Reply reply = get(parent, SleepHandlerProvider.PATH);
                        assertEquals(200, reply.status());
                        served.add(reply.text());
                    }
                    return served;
                }));
            }
            Set<String> pids = new HashSet<>();
            for (Future<Set<String>> result : results) {
                pids.addAll(result.get(120, TimeUnit.SECONDS));
            }
            assertTrue(pids.size() >= 4, "80 connections at 20 a child took at least 4 children: " + pids);
        } finally {
            clients.shutdownNow();
        }
        assertTrue(parent.lines().stream().anyMatch(line -> line.contains("max-connections-per-child (20) "
                + "reached")), "logged by the child");
        assertTrue(parent.lines().stream().noneMatch(line -> line.contains("exited with status")),
                "no child counted as crashed");
    }

    @Test
    void anIdleChildTakesTheNextConnectionWhileAnotherIsBlocked() throws Exception {
        // One worker per child: a child whose worker sleeps must leave new connections to its idle sibling.
        Map<String, String> settings = Map.of("mpm.server-limit", "2", "mpm.start-servers", "2",
                "mpm.threads-per-child", "1", "mpm.max-request-workers", "2", "mpm.min-spare-threads", "0",
                "mpm.max-spare-threads", "1");
        ChildServer parent = start(settings, 2);
        assertIdleChildServes(parent);
    }

    @Test
    void preforkKeepsSpareChildrenThatTakeTurnsAtAccepting() throws Exception {
        Map<String, String> settings = Map.of("mpm.type", "prefork", "mpm.server-limit", "6",
                "mpm.start-servers", "2", "mpm.min-spare-servers", "2", "mpm.max-spare-servers", "3",
                "mpm.max-request-workers", "5");
        ChildServer parent = start(settings, 2);
        assertTrue(status(parent).contains("ServerMPM: prefork"));
        assertIdleChildServes(parent);
        // Keep-alive, pipelining and a client that sends its head slowly, on single-threaded children.
        try (RawClient client = new RawClient(parent.port())) {
            client.get("/index.html").get("/index.html");
            assertEquals(200, client.read().status());
            assertEquals(200, client.read().status());
            client.send("GET /index.html HTTP/1.1\r\nHo");
            Thread.sleep(300);
            client.send("st: localhost\r\n\r\n");
            assertEquals(200, client.read().status());
        }
        // Two connections held open take two children: the pool starts more to keep two spare.
        try (RawClient first = new RawClient(parent.port()); RawClient second = new RawClient(parent.port())) {
            first.get("/index.html");
            second.get("/index.html");
            assertEquals(200, first.read().status());
            assertEquals(200, second.read().status());
            waitFor(() -> processes(parent) >= 4, "spare children started");
        }
        waitFor(() -> processes(parent) <= 3, "the surplus beyond max-spare-servers stopped");
    }

    /** A request blocks one child; requests on new connections meanwhile are all answered, by the other. */
    private static void assertIdleChildServes(ChildServer parent) throws Exception {
        try (RawClient slow = new RawClient(parent.port())) {
            slow.get(SleepHandlerProvider.PATH + "?4000");
            waitFor(() -> safeText(parent, "/server-status?auto").contains("BusyWorkers: 2"),
                    "the slow request holds its child's worker");
            for (int i = 0; i < 10; i++) {
                assertEquals(200, get(parent, "/index.html").status());
            }
            assertTrue(slow.nothingArrivesWithin(1), "all ten were answered while the slow request still ran");
            assertEquals(200, slow.read().status());
        }
    }

    private ChildServer start(Map<String, String> settings, int children) throws Exception {
        ChildServer parent = ChildServer.start(directory, "epoll", settings);
        parents.add(parent);
        try {
            Set<String> ready = new HashSet<>();
            while (ready.size() < children) {
                String line = parent.awaitLine(text -> CHILD_READY.matcher(text).find(), 90);
                Matcher matcher = CHILD_READY.matcher(line);
                matcher.find();
                ready.add(matcher.group(1));
                parent.lines().stream().map(CHILD_READY::matcher).filter(Matcher::find)
                        .forEach(found -> ready.add(found.group(1)));
            }
            return parent;
        } catch (Exception | Error e) {
            parent.close();
            throw e;
        }
    }

    /** One request on a connection of its own, closed after it. */
    private static RawClient.Reply get(ChildServer parent, String path) throws IOException {
        try (RawClient client = new RawClient(parent.port())) {
            return client.get(path, "Connection: close").read();
        }
    }

    private static String status(ChildServer parent) {
        return safeText(parent, "/server-status?auto");
    }

    private static String safeHtml(ChildServer parent) {
        return safeText(parent, "/server-status");
    }

    private static String safeText(ChildServer parent, String path) {
        try {
            return get(parent, path).text();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int processes(ChildServer parent) {
        Matcher matcher = PROCESSES.matcher(status(parent));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    /** The pids that answer {@code count} requests, each on a new connection. */
    private static Set<String> servingPids(ChildServer parent, int count) throws IOException {
        Set<String> pids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            pids.add(get(parent, SleepHandlerProvider.PATH).text());
        }
        assertNotEquals(0, pids.size());
        return pids;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT_MILLIS + " ms: " + what);
            }
            Thread.sleep(100);
        }
    }
}
