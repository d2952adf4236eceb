package io.jocker.engine.plugin;

import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.DriverFactory;
import io.jocker.spi.IsolatorFactory;
import io.jocker.spi.NetworkDriverFactory;
import io.jocker.spi.Plugin;
import io.jocker.spi.StateStoreFactory;
import io.jocker.spi.StorageDriverFactory;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The kinds of drivers a plugin can offer, with how to ask a plugin for them. */
public enum DriverKind {
    STORAGE("storage driver", "--storage-driver", "storage", Plugin::storageDrivers),
    CGROUP("cgroup driver", "--cgroup-driver", "cgroup", Plugin::cgroupDrivers),
    ISOLATOR("isolator", "--isolator", "isolator", Plugin::isolators),
    STATE_STORE("state store", "--state-store", "state-store", Plugin::stateStores),
    NETWORK("network driver", "network create --driver", "network", Plugin::networkDrivers);

    private final String label;
    private final String flag;
    private final String manifestName;
    private final Function<Plugin, List<? extends DriverFactory<?>>> offered;

    DriverKind(String label, String flag, String manifestName, Function<Plugin, List<? extends DriverFactory<?>>> offered) {
        this.label = label;
        this.flag = flag;
        this.manifestName = manifestName;
        this.offered = offered;
    }

    /** The kind named so in a plugin jar's manifest ({@link PluginLoader#KINDS_ATTRIBUTE}), if any. */
    static Optional<DriverKind> ofManifestName(String name) {
        for (DriverKind kind : values()) {
            if (kind.manifestName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** How a plugin jar's manifest names this kind. */
    public String manifestName() {
        return manifestName;
    }

    /** How users call this kind, e.g. "storage driver". */
    public String label() {
        return label;
    }

    /** The global option that selects a driver of this kind. */
    public String flag() {
        return flag;
    }

    List<? extends DriverFactory<?>> offeredBy(Plugin plugin) {
        return offered.apply(plugin);
    }

    /** The factory type of this kind, to check what a plugin returned. */
    Class<?> factoryType() {
        return switch (this) {
            case STORAGE -> StorageDriverFactory.class;
            case CGROUP -> CgroupDriverFactory.class;
            case ISOLATOR -> IsolatorFactory.class;
            case STATE_STORE -> StateStoreFactory.class;
            case NETWORK -> NetworkDriverFactory.class;
        };
    }
}
