package io.jocker.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** The runtime spec's features document: what this runtime honours, so that callers need not guess. */
@Command(name = "features", description = "Print the features this runtime supports, as JSON.")
final class FeaturesCommand implements Callable<Integer> {

    @ParentCommand
    RuncCommand globals;

    @Override
    public Integer call() {
        return globals.execute("features", () -> {
            ObjectMapper mapper = globals.lazyMapper();
            ObjectNode features = mapper.createObjectNode();
            features.put("ociVersionMin", "1.0.0");
            features.put("ociVersionMax", OciRuntime.SPEC_VERSION);
            var hooks = features.putArray("hooks");
            for (String hook : new String[] {"prestart", "createRuntime", "poststart", "poststop"}) {
                hooks.add(hook);
            }
            var options = features.putArray("mountOptions");
            for (String option : new String[] {"async", "atime", "bind", "dev", "diratime", "dirsync", "exec", "mand", "noatime",
                    "nodev", "nodiratime", "noexec", "nomand", "norelatime", "nostrictatime", "nosuid", "private", "rbind",
                    "relatime", "ro", "rprivate", "rshared", "rslave", "rw", "shared", "slave", "strictatime", "suid", "sync"}) {
                options.add(option);
            }
            ObjectNode linux = features.putObject("linux");
            var namespaces = linux.putArray("namespaces");
            for (String namespace : new String[] {"cgroup", "ipc", "mount", "network", "pid", "uts"}) {
                namespaces.add(namespace);
            }
            ObjectNode cgroup = linux.putObject("cgroup");
            cgroup.put("v1", true).put("v2", true).put("systemd", false).put("systemdUser", false);
            ObjectNode seccomp = linux.putObject("seccomp");
            seccomp.put("enabled", true);
            linux.putObject("apparmor").put("enabled", false);
            linux.putObject("selinux").put("enabled", false);
            features.putObject("annotations").put("io.jocker.runtime", "jocker-runc");
            System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(features));
            return 0;
        });
    }
}
