package io.jocker.registry;

import java.lang.reflect.InvocationTargetException;
import java.net.http.HttpClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stops an {@link HttpClient}'s selector thread once a command is done with the client. That
 * thread waits in {@code epoll_wait}, and a JVM that exits while a thread is in native code waits
 * 300 ms for it first (HotSpot's {@code VM_Exit::wait_for_threads_in_native_to_block}): measured
 * here, every {@code pull} and {@code push} ended 0.33 s after its last line. JDK 21 and later
 * stop the thread with {@code HttpClient.shutdownNow()}; JDK 17 has no such method, but its
 * selector thread ends when interrupted, and its name carries the client's id, which the client's
 * {@code toString()} ends with. Anything unexpected leaves the thread alone: the cost is only the
 * delay.
 */
final class HttpClientShutdown {

    private static final Pattern ID = Pattern.compile("\\((\\d+)\\)$");

    private HttpClientShutdown() {}

    static void stop(HttpClient client) {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(client);
            return;
        } catch (NoSuchMethodException e) {
            // JDK 17: below.
        } catch (IllegalAccessException | InvocationTargetException e) {
            return;
        }
        Matcher id = ID.matcher(client.toString());
        if (!id.find()) {
            return;
        }
        String name = "HttpClient-" + id.group(1) + "-SelectorManager";
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                thread.interrupt();
            }
        }
    }
}
