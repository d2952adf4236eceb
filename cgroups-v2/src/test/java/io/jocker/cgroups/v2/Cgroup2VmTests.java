package io.jocker.cgroups.v2;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the {@code cgroup2-vm} tests in one plain JVM, because Maven itself is too slow in the
 * emulated VM. A skipped test counts as a failure here: the VM exists to run them.
 */
public final class Cgroup2VmTests {

    private Cgroup2VmTests() {}

    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(Cgroup2VmTests.class.getPackageName()))
                .filters(TagFilter.includeTags("cgroup2-vm"))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 20);
        boolean ok = summary.getTotalFailureCount() == 0 && summary.getTestsAbortedCount() == 0
                && summary.getTestsSucceededCount() > 0;
        out.println(ok ? "cgroup2-vm tests passed" : "cgroup2-vm tests FAILED (aborted tests count as failures)");
        System.exit(ok ? 0 : 1);
    }
}
