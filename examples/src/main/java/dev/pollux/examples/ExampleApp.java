package dev.pollux.examples;

import dev.pollux.core.http.Router;
import dev.pollux.mpm.event.PolluxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The examples as one application: {@code /hello}, {@code /api/greeting}, {@code /upload},
 * {@code /download/{bytes}}, then {@code /server-status} and the static files of {@code conf/htdocs}, all on the
 * {@code pollux} block of {@code application.conf}. Run from the {@code examples} directory:
 * {@code java -jar target/examples.jar}; stops gracefully on Ctrl-C or SIGTERM.
 */
public final class ExampleApp {

    private ExampleApp() {
    }

    /** The routes of the examples; uploads go to {@code uploads}. */
    public static Router routes(Path uploads) {
        return Router.builder()
                .get("/hello", new Hello())
                .get("/api/greeting", new Greeting())
                .put("/upload", new Upload(uploads))
                .post("/upload", new Upload(uploads))
                .get("/download/{bytes}", new Download())
                .build();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path uploads = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "pollux-uploads"));
        PolluxServer server = PolluxServer.builder().handler(routes(uploads)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pollux-shutdown"));
        System.out.println("Serving on http://" + server.addresses().get(0).getHostString() + ":" + server.port()
                + "/hello; uploads in " + uploads);
        server.await();
    }
}
