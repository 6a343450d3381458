package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.scoreboard.WorkerState;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlPageTest {

    private static String html(StatusFixture fixture, String uri) throws Exception {
        return StatusFixture.body(fixture.get(uri), StandardCharsets.ISO_8859_1);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void keepsHttpdTitleAndHeadingForScrapers() throws Exception {
        String page = html(AutoFormatTest.busyServer(true), "/server-status");
        assertTrue(page.contains("<title>Apache Status</title>"));
        assertTrue(page.contains("<h1>Apache Server Status for status.example (via 127.0.0.1)</h1>"));
        assertTrue(page.contains("<dt>Server Version: " + HttpdText.SERVER_DESCRIPTION + "</dt>"));
        assertTrue(page.contains("<dt>Server MPM: event</dt>"));
        assertTrue(page.contains("<dt>Server uptime:  2 minutes 56 seconds</dt>"));
        assertTrue(page.contains("<dt>Server load: 0.50 0.25 0.13</dt>"));
        assertTrue(page.endsWith("</body></html>\n"));
    }

    @Test
    void writesHttpdSectionsInHttpdOrder() throws Exception {
        String page = html(AutoFormatTest.busyServer(true), "/server-status");
        String[] inOrder = {"<title>Apache Status</title>", "<h1>", "<dt>Server Version:", "<dt>Current Time:",
            "<dt>Restart Time:", "<dt>Parent Server Config. Generation: 1</dt>", "<dt>Server uptime:",
            "<dt>Server load:", "<dt>Total accesses: 3 - Total Traffic: 5 kB - Total Duration: 3</dt>",
            "<dt>CPU Usage: u2.2 s6.33 cu0 cs0 - 4.85% CPU load</dt>",
            "<dt>.017 requests/sec - 29 B/second - 1706 B/request - 1 ms/request</dt>",
            "<dt>2 requests currently being processed, 1 workers gracefully restarting, 5 idle workers</dt>",
            "<table rules=\"all\"", "<pre>", "Scoreboard Key:", "<th>Srv</th><th>PID</th><th>Acc</th>",
            "Scoreboard grid", "Requests per second"};
        int from = 0;
        for (String part : inOrder) {
            int at = page.indexOf(part, from);
            assertTrue(at >= 0, "missing or out of order: " + part);
            from = at + part.length();
        }
    }

    @Test
    void listsOneAsyncRowPerPollerAndASumRow() throws Exception {
        String page = html(AutoFormatTest.busyServer(true), "/server-status");
        String pid = Long.toString(ProcessHandle.current().pid());
        assertTrue(page.contains("<tr><td>0</td><td>" + pid + "</td><td>no</td><td>3</td><td>yes</td>"
                + "<td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>0</td><td>1</td><td>1</td><td>0</td></tr>"), page);
        assertTrue(page.contains("<tr><td>1</td><td>" + pid + "</td><td>no</td><td>2</td><td>yes</td>"));
        assertTrue(page.contains("<tr><td>Sum</td><td>2</td><td>0</td><td>5</td><td>&nbsp;</td>"
                + "<td>2</td><td>1</td><td>5</td><td>0</td><td>1</td><td>2</td><td>1</td></tr>"));
    }

    @Test
    void showsThreadCountsOnTheOnlyPollersRow() throws Exception {
        String page = html(new StatusFixture(4, 1, false, 10).started(4), "/server-status");
        assertTrue(page.contains("<td>0</td><td>yes</td><td>0</td><td>0</td><td>4</td>"), page);
    }

    @Test
    void wrapsTheScoreboardAt64Columns() throws Exception {
        StatusFixture fixture = new StatusFixture(130, 1, true, 5).started(100);
        String page = html(fixture, "/server-status");
        Matcher pre = Pattern.compile("<pre>(.*?)</pre>", Pattern.DOTALL).matcher(page);
        assertTrue(pre.find());
        String[] lines = pre.group(1).split("\n", -1);
        assertEquals(3, lines.length);
        for (String line : lines) {
            assertTrue(line.length() <= HtmlPage.SCOREBOARD_LINE, line);
        }
        assertEquals(64, lines[0].length());
        assertEquals(2, lines[2].length());
        assertEquals("_".repeat(100) + ".".repeat(30), String.join("", lines));
    }

    @Test
    void endsAFullLastScoreboardLineWithANewlineAsHttpdDoes() throws Exception {
        String page = html(new StatusFixture(128, 1, true, 5), "/server-status");
        assertTrue(page.contains("<pre>" + ".".repeat(64) + "\n" + ".".repeat(64) + "\n</pre>"));
    }

    @Test
    void escapesEverythingClientsControl() throws Exception {
        StatusFixture fixture = AutoFormatTest.busyServer(true)
                .busy(6, dev.pollux.core.scoreboard.RequestInfo.of("<img src=x>", "\"evil\"&<b>:80", "HTTP/1.1",
                        "GET /<script>alert(\"x\")</script>\u0007 HTTP/1.1"), WorkerState.READING);
        String page = StatusFixture.body(fixture.call(HttpMethod.GET, "/server-status",
                StatusFixture.LOOPBACK_CLIENT, "<script>"), StandardCharsets.ISO_8859_1);
        assertFalse(page.contains("<script>"), "no raw markup from clients");
        assertFalse(page.contains("<img"), "no raw markup from clients");
        assertFalse(page.contains("<b>:80"), "no raw markup from clients");
        assertTrue(page.contains("GET /&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;\\x07 HTTP/1.1"), page);
        assertTrue(page.contains("<td>&lt;img src=x&gt;</td>"));
        assertTrue(page.contains("<td nowrap>&quot;evil&quot;&amp;&lt;b&gt;:80</td>"));
        assertTrue(page.contains("<h1>Apache Server Status for status.example (via 127.0.0.1)</h1>"));
    }

    @Test
    void listsWorkersThatServedOrAreBusyInTheExtendedTable() throws Exception {
        String page = html(AutoFormatTest.busyServer(true), "/server-status");
        String pid = Long.toString(ProcessHandle.current().pid());
        assertEquals(5, count(page, "<tr><td><b>0-0</b></td>"), "slots 0, 1, 2, 3 and 5");
        assertTrue(page.contains("<tr><td><b>0-0</b></td><td>" + pid + "</td><td>2/2/2</td><td>_\n</td>"
                + "<td>0.00</td><td>2</td><td>1</td><td>2</td><td>3.9</td><td>0.00</td><td>0.00\n</td>"
                + "<td>127.0.0.1</td><td>http/1.1</td><td nowrap>status.example:8080</td>"
                + "<td nowrap>GET /a HTTP/1.1</td></tr>"), page);
        assertTrue(page.contains("<td>0/0/0</td><td><b>W</b>\n</td>"));
        assertTrue(page.contains("<td>0/0/0</td><td>G\n</td>"));
        assertTrue(page.contains("<tr><th>Slot</th><td>Total megabytes transferred this slot</td></tr>"));
    }

    @Test
    void writesWorkerParagraphsForNotable() throws Exception {
        String page = html(AutoFormatTest.busyServer(true), "/server-status?notable");
        String pid = Long.toString(ProcessHandle.current().pid());
        assertTrue(page.contains("<hr /><h2>Server Details</h2>"));
        assertFalse(page.contains("<th>Srv</th>"));
        assertTrue(page.contains("<b>Server 0-0</b> (" + pid + "): 2|2|2 [Ready] u0 s0 cu0 cs0\n"
                + " 2 1 2(4000 B|4000 B|4000 B)\n"
                + " <i>127.0.0.1 {GET /a HTTP/1.1}</i> <i>(http/1.1)</i> <b>[status.example:8080]</b><br />"), page);
        assertTrue(page.contains("[<b>Write</b>]"));
    }

    @Test
    void pointsToExtendedStatusAndListsPidsWhenItIsOff() throws Exception {
        String page = html(new StatusFixture(5, 1, false, 10).started(4), "/server-status");
        String pid = Long.toString(ProcessHandle.current().pid());
        assertTrue(page.contains("PID Key: <br />\n<pre>\n   " + pid + " in state: _ ,   " + pid + " in state: _ ,   "
                + pid + " in state: _ \n   " + pid + " in state: _ ,\n</pre>\n"), page);
        assertTrue(page.contains("<code>pollux.extended-status = on</code>"));
        assertFalse(page.contains("Total accesses"));
    }

    @Test
    void drawsTheGridAndTheSparklineInlineWithoutScripts() throws Exception {
        StatusFixture fixture = AutoFormatTest.busyServer(true);
        assertTrue(html(fixture, "/server-status").contains("Collecting samples"));
        fixture.history.sample();
        fixture.sampleNanos.set(5_000_000_000L);
        fixture.served(4, StatusFixture.info("127.0.0.1", "GET / HTTP/1.1"), 10, 10);
        fixture.history.sample();
        fixture.sampleNanos.set(10_000_000_000L);
        fixture.history.sample();
        String page = html(fixture, "/server-status");
        assertEquals(80, count(page, "\" title=\"slot "), "one cell per slot");
        assertTrue(page.contains("<span class=\"s-writing\" title=\"slot 2: W\"></span>"));
        assertTrue(page.contains("<polyline points=\"3.0,3.0 357.0,57.0\"/>"), page);
        assertFalse(page.contains("<script"));
        assertFalse(page.contains("src="));
        assertFalse(page.contains("href="));
    }
}
