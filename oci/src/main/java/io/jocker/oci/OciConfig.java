package io.jocker.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The parts of a bundle's {@code config.json} (the OCI runtime spec's Linux configuration) that
 * jocker reads. Unknown fields are accepted, as the spec asks; fields read only to be refused
 * stay untyped ({@link JsonNode}), so that their shape never fails a parse.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OciConfig(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux) {

    OciConfig {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Process(
            Boolean terminal,
            ConsoleSize consoleSize,
            User user,
            List<String> args,
            List<String> env,
            String cwd,
            Capabilities capabilities,
            List<Rlimit> rlimits,
            Boolean noNewPrivileges,
            String apparmorProfile,
            Integer oomScoreAdj,
            String selinuxLabel) {

        Process {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? List.of() : List.copyOf(env);
            rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConsoleSize(Integer height, Integer width) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record User(Integer uid, Integer gid, Integer umask, List<Integer> additionalGids) {
        User {
            additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable, List<String> permitted,
            List<String> ambient) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rlimit(String type, long soft, long hard) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Root(String path, Boolean readonly) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Mount(String destination, String source, String type, List<String> options, JsonNode uidMappings,
            JsonNode gidMappings) {
        Mount {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Hooks(JsonNode prestart, JsonNode createRuntime, JsonNode createContainer, JsonNode startContainer,
            JsonNode poststart, JsonNode poststop) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Linux(
            List<Namespace> namespaces,
            JsonNode uidMappings,
            JsonNode gidMappings,
            Map<String, String> sysctl,
            Resources resources,
            String cgroupsPath,
            List<Device> devices,
            List<String> maskedPaths,
            List<String> readonlyPaths,
            String rootfsPropagation,
            JsonNode seccomp,
            JsonNode intelRdt,
            JsonNode personality,
            JsonNode timeOffsets) {

        Linux {
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            sysctl = sysctl == null ? Map.of() : Map.copyOf(sysctl);
            devices = devices == null ? List.of() : List.copyOf(devices);
            maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
            readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Namespace(String type, String path) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Device(String path, String type, long major, long minor, Integer fileMode, Integer uid, Integer gid) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Resources(
            List<DeviceRule> devices,
            Memory memory,
            Cpu cpu,
            Pids pids,
            JsonNode blockIO,
            JsonNode hugepageLimits,
            JsonNode network,
            JsonNode rdma,
            JsonNode unified) {

        Resources {
            devices = devices == null ? List.of() : List.copyOf(devices);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP, Long swappiness,
            Boolean disableOOMKiller) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cpu(Long shares, Long quota, Long period, Long realtimeRuntime, Long realtimePeriod, String cpus, String mems,
            Long idle) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Pids(Long limit) {}
}
