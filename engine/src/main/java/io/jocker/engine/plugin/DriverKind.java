package io.jocker.engine.plugin;

import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.DriverFactory;
import io.jocker.spi.IsolatorFactory;
import io.jocker.spi.NetworkDriverFactory;
import io.jocker.spi.Plugin;
import io.jocker.spi.StateStoreFactory;
import io.jocker.spi.StorageDriverFactory;
import java.util.List;
import java.util.function.Function;

/** The kinds of drivers a plugin can offer, with how to ask a plugin for them. */
public enum DriverKind {
    STORAGE("storage driver", "--storage-driver", Plugin::storageDrivers),
    CGROUP("cgroup driver", "--cgroup-driver", Plugin::cgroupDrivers),
    ISOLATOR("isolator", "--isolator", Plugin::isolators),
    STATE_STORE("state store", "--state-store", Plugin::stateStores),
    NETWORK("network driver", "network create --driver", Plugin::networkDrivers);

    private final String label;
    private final String flag;
    private final Function<Plugin, List<? extends DriverFactory<?>>> offered;

    DriverKind(String label, String flag, Function<Plugin, List<? extends DriverFactory<?>>> offered) {
        this.label = label;
        this.flag = flag;
        this.offered = offered;
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
