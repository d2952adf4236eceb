package io.jocker.engine.plugin;

import io.jocker.spi.DriverFactory;
import io.jocker.spi.Host;
import io.jocker.spi.Support;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every driver the loaded plugins offer, by kind and name, and the choice of one by name or
 * {@code auto}. Duplicate names of one kind are refused when the catalog is built.
 */
public final class DriverCatalog {

    public static final String AUTO = "auto";

    private final Map<DriverKind, Map<String, DiscoveredDriver>> drivers = new LinkedHashMap<>();

    public DriverCatalog(List<LoadedPlugin> plugins) {
        for (DriverKind kind : DriverKind.values()) {
            drivers.put(kind, new LinkedHashMap<>());
        }
        for (LoadedPlugin plugin : plugins) {
            for (DriverKind kind : DriverKind.values()) {
                for (DriverFactory<?> factory : offered(kind, plugin)) {
                    add(new DiscoveredDriver(kind, factory, plugin.directory(), plugin.origin()));
                }
            }
        }
    }

    private static List<? extends DriverFactory<?>> offered(DriverKind kind, LoadedPlugin plugin) {
        try {
            List<? extends DriverFactory<?>> factories = kind.offeredBy(plugin.plugin());
            for (DriverFactory<?> factory : factories) {
                if (!kind.factoryType().isInstance(factory)) {
                    throw new PluginLoadException(plugin.origin() + " offers a " + factory.getClass().getName()
                            + " as a " + kind.label() + " but it is not a " + kind.factoryType().getSimpleName());
                }
            }
            return factories;
        } catch (RuntimeException | LinkageError e) {
            if (e instanceof PluginLoadException p) {
                throw p;
            }
            throw new PluginLoadException("plugin in " + plugin.origin() + " failed to list its "
                    + kind.label() + "s: " + e, e);
        }
    }

    private void add(DiscoveredDriver driver) {
        DiscoveredDriver previous = drivers.get(driver.kind()).putIfAbsent(driver.name(), driver);
        if (previous != null) {
            throw new PluginLoadException("duplicate " + driver.kind().label() + " \"" + driver.name() + "\": offered by "
                    + previous.origin() + " and by " + driver.origin());
        }
    }

    /** The drivers of a kind, in the order their plugins were loaded. */
    public List<DiscoveredDriver> drivers(DriverKind kind) {
        return List.copyOf(drivers.get(kind).values());
    }

    /** The driver with this name, if any. */
    public Optional<DiscoveredDriver> find(DriverKind kind, String name) {
        return Optional.ofNullable(drivers.get(kind).get(name));
    }

    /**
     * Chooses a driver: by name, or with {@code auto} the supported one with the highest
     * priority. Unknown and unsupported names fail with what the user can choose instead.
     */
    public DiscoveredDriver select(DriverKind kind, String requested, Host host) {
        Map<String, DiscoveredDriver> ofKind = drivers.get(kind);
        if (requested == null || requested.isBlank() || requested.equals(AUTO)) {
            return selectAuto(kind, ofKind, host);
        }
        DiscoveredDriver driver = ofKind.get(requested);
        if (driver == null) {
            throw new DriverSelectionException("unknown " + kind.label() + " \"" + requested + "\" (known: "
                    + known(ofKind) + ")");
        }
        Support support = support(driver, host);
        if (!support.supported()) {
            throw new DriverSelectionException(kind.label() + " \"" + requested + "\" is not supported on this host: "
                    + support.reason());
        }
        return driver;
    }

    private static DiscoveredDriver selectAuto(DriverKind kind, Map<String, DiscoveredDriver> ofKind, Host host) {
        List<String> reasons = new ArrayList<>();
        return ofKind.values().stream()
                .sorted(Comparator.comparingInt((DiscoveredDriver d) -> d.factory().priority()).reversed())
                .filter(d -> {
                    Support support = support(d, host);
                    if (!support.supported()) {
                        reasons.add(d.name() + ": " + support.reason());
                    }
                    return support.supported();
                })
                .findFirst()
                .orElseThrow(() -> new DriverSelectionException("no supported " + kind.label() + " on this host"
                        + (reasons.isEmpty() ? " (no " + kind.label() + " plugin is installed)" : " (" + String.join("; ", reasons) + ")")));
    }

    /** Asks a driver whether it is supported; a driver that throws counts as unsupported. */
    public static Support support(DiscoveredDriver driver, Host host) {
        try {
            Support support = driver.factory().isSupported(host);
            return support != null ? support : Support.no("the driver gave no answer");
        } catch (RuntimeException | LinkageError e) {
            return Support.no("probing failed: " + e);
        }
    }

    private static String known(Map<String, DiscoveredDriver> ofKind) {
        return ofKind.isEmpty() ? "none installed" : ofKind.keySet().stream().sorted().collect(Collectors.joining(", "));
    }
}
