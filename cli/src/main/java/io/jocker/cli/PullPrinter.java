package io.jocker.cli;

import io.jocker.registry.PullProgress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's pull output: on a terminal one line per layer, rewritten in place as it progresses
 * (with a bar for Downloading and Extracting); otherwise one plain line per change of state, the
 * byte counts left out, as Docker prints it into a pipe.
 */
final class PullPrinter implements PullProgress {

    private static final int BAR = 50;

    private final PrintWriter out;
    private final boolean terminal;
    /** The layers shown since the last status line, top to bottom. */
    private final List<String> layers = new ArrayList<>();

    PullPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void status(String line) {
        layers.clear();
        out.println(line);
        out.flush();
    }

    @Override
    public synchronized void layer(String layer, String status) {
        show(layer, layer + ": " + status);
    }

    @Override
    public synchronized void bytes(String layer, String status, long current, long total) {
        if (!terminal) {
            return;
        }
        int done = total <= 0 ? 0 : (int) (BAR * Math.min(current, total) / total);
        String bar = "[" + "=".repeat(done) + (done < BAR ? ">" + " ".repeat(BAR - done - 1) : ">") + "] ";
        String numbers = String.format("%8s/%s", Units.humanDecimal(current), Units.humanDecimal(total));
        show(layer, layer + ": " + status + " " + bar + numbers);
    }

    private void show(String layer, String text) {
        int index = layers.indexOf(layer);
        if (!terminal || index < 0) {
            if (index < 0) {
                layers.add(layer);
            }
            out.println(text);
        } else {
            int up = layers.size() - index;
            out.print("\033[" + up + "A\r\033[2K" + text + "\r\033[" + up + "B");
        }
        out.flush();
    }
}
