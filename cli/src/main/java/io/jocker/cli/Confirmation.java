package io.jocker.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Docker's {@code prompt.Confirm}: the warning and {@code [y/N]}, then one line of input; only {@code y} or {@code Y} says yes. */
final class Confirmation {

    private Confirmation() {}

    static boolean confirmed(PrintWriter out, InputStream in, String warning) throws IOException {
        out.print(warning + " [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }
}
