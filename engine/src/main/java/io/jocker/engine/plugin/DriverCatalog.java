package io.jocker.engine.plugin;

import io.jocker.spi.DriverFactory;
import io.jocker.spi.Host;
import io.jocker.spi.Support;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every driver the plugins offer, by kind and name, and the choice of one by name or
 * {@code auto}. A plugin whose manifest declares the kinds it offers is loaded only when one of
 * them is first asked for, so that a command loads no plugin it has no use for (a cold {@code ps}
 * needs only the built-in state store); one that declares nothing is loaded for any kind.
 * Duplicate names of one kind are refused once both plugins are loaded.
 */
public final class DriverCatalog {

    public static final String AUTO = "auto";

    /**
     * Plugins, loaded already or on demand.
     *
     * @param kinds the kinds of driver they offer, or null when they do not say
     * @param load loads them; asked at most once successfully
     */
    public record PluginSource(Set<DriverKind> kinds, Supplier<List<LoadedPlugin>> load) {

        public PluginSource {
            kinds = kinds == null ? null : Set.copyOf(kinds);
        }

        public static PluginSource loaded(List<LoadedPlugin> plugins) {
            List<LoadedPlugin> copy = List.copyOf(plugins);
            return new PluginSource(null, () -> copy);
        }

        boolean mayOffer(DriverKind kind) {
            return kinds == null || kinds.contains(kind);
        }
    }

    /** The sources in their order, and the drivers of each once it is loaded (null until then). */
    private final List<PluginSource> sources;
    private final List<List<DiscoveredDriver>> offered;
    /** The loaded drivers by kind and name; null until they are indexed without a duplicate. */
    private Map<DriverKind, Map<String, DiscoveredDriver>> drivers;

    /** A catalog of plugins that are loaded already. */
    public DriverCatalog(List<LoadedPlugin> plugins) {
        this(List.of(PluginSource.loaded(plugins)), true);
    }

    /** A catalog that loads each source when a kind it may offer is first asked for. */
    public static DriverCatalog of(List<PluginSource> sources) {
        return new DriverCatalog(sources, false);
    }

    private DriverCatalog(List<PluginSource> sources, boolean loadNow) {
        this.sources = List.copyOf(sources);
        this.offered = new ArrayList<>(Collections.nCopies(this.sources.size(), null));
        if (loadNow) {
            for (int i = 0; i < this.sources.size(); i++) {
                load(i);
            }
        }
        drivers = index();
    }

    /** The drivers of one kind, loading first every source that may offer that kind. */
    private synchronized Map<String, DiscoveredDriver> ofKind(DriverKind kind) {
        boolean more = false;
        for (int i = 0; i < sources.size(); i++) {
            if (offered.get(i) == null && sources.get(i).mayOffer(kind)) {
                load(i);
                more = true;
            }
        }
        // Null after a failed index (a duplicate name), so that every later question fails the same way.
        if (more) {
            drivers = null;
        }
        if (drivers == null) {
            drivers = index();
        }
        return drivers.get(kind);
    }

    private void load(int source) {
        PluginSource from = sources.get(source);
        List<DiscoveredDriver> found = new ArrayList<>();
        for (LoadedPlugin plugin : from.load().get()) {
            for (DriverKind kind : DriverKind.values()) {
                for (DriverFactory<?> factory : offered(kind, plugin)) {
                    if (!from.mayOffer(kind)) {
                        throw new PluginLoadException(plugin.origin() + " offers the " + kind.label() + " \"" + factory.name()
                                + "\" but its manifest's " + PluginLoader.KINDS_ATTRIBUTE + " does not name "
                                + kind.manifestName());
                    }
                    found.add(new DiscoveredDriver(kind, factory, plugin.directory(), plugin.origin()));
                }
            }
        }
        offered.set(source, List.copyOf(found));
    }

    /** Every loaded driver by kind and name, in the sources' order; a name given twice in a kind is refused. */
    private Map<DriverKind, Map<String, DiscoveredDriver>> index() {
        Map<DriverKind, Map<String, DiscoveredDriver>> byKind = new EnumMap<>(DriverKind.class);
        for (DriverKind kind : DriverKind.values()) {
            byKind.put(kind, new LinkedHashMap<>());
        }
        for (List<DiscoveredDriver> ofSource : offered) {
            for (DiscoveredDriver driver : ofSource == null ? List.<DiscoveredDriver>of() : ofSource) {
                DiscoveredDriver previous = byKind.get(driver.kind()).putIfAbsent(driver.name(), driver);
                if (previous != null) {
                    throw new PluginLoadException("duplicate " + driver.kind().label() + " \"" + driver.name() + "\": offered by "
                            + previous.origin() + " and by " + driver.origin());
                }
            }
        }
        return byKind;
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

    /** The drivers of a kind, in the order their plugins were loaded. */
    public List<DiscoveredDriver> drivers(DriverKind kind) {
        return List.copyOf(ofKind(kind).values());
    }

    /** The driver with this name, if any. */
    public Optional<DiscoveredDriver> find(DriverKind kind, String name) {
        return Optional.ofNullable(ofKind(kind).get(name));
    }

    /**
     * Chooses a driver: by name, or with {@code auto} the supported one with the highest
     * priority. Unknown and unsupported names fail with what the user can choose instead.
     */
    public DiscoveredDriver select(DriverKind kind, String requested, Host host) {
        Map<String, DiscoveredDriver> ofKind = ofKind(kind);
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
