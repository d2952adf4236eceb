package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.linux.Capabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code --cap-add} and {@code --cap-drop} as Docker reads them: names in any case, with or
 * without {@code CAP_}, or {@code ALL}. The client's normalisation (sorted, without duplicates, a
 * capability both added and dropped only added, {@code ALL} standing alone) is what a container's
 * record keeps; the daemon's order then applies them to the default set.
 *
 * @param add the capabilities added, {@code CAP_X} or {@code ALL}
 * @param drop the capabilities dropped, the same way
 */
record CapabilityTweaks(List<String> add, List<String> drop) {

    static final String ALL = "ALL";

    CapabilityTweaks {
        add = List.copyOf(add);
        drop = List.copyOf(drop);
    }

    /**
     * Docker's client's {@code EffectiveCapAddCapDrop}, then its daemon's check of every name
     * ({@code invalid CapAdd: unknown capability: "CAP_X"}).
     */
    static CapabilityTweaks of(List<String> add, List<String> drop) {
        TreeSet<String> added = normalized(add);
        TreeSet<String> dropped = normalized(drop);
        if (added.contains(ALL)) {
            added = new TreeSet<>(List.of(ALL));
        }
        if (dropped.contains(ALL)) {
            dropped = new TreeSet<>(List.of(ALL));
        }
        dropped.removeAll(added);
        check(added, "CapAdd");
        check(dropped, "CapDrop");
        return new CapabilityTweaks(new ArrayList<>(added), new ArrayList<>(dropped));
    }

    private static TreeSet<String> normalized(List<String> names) {
        TreeSet<String> normalized = new TreeSet<>();
        for (String name : names) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            normalized.add(upper.equals(ALL) || upper.startsWith("CAP_") ? upper : "CAP_" + upper);
        }
        return normalized;
    }

    private static void check(TreeSet<String> names, String field) {
        List<String> known = Capabilities.all();
        for (String name : names) {
            if (!name.equals(ALL) && !known.contains(name)) {
                throw new InvalidRequestException("invalid " + field + ": unknown capability: \"" + name + "\"");
            }
        }
    }

    /**
     * moby's {@code TweakCapabilities}: privileged keeps all; adding {@code ALL} keeps all but the
     * dropped; dropping {@code ALL} keeps only the added; otherwise the dropped leave the defaults
     * and the added join them.
     */
    List<String> applyTo(List<String> defaults, boolean privileged) {
        if (privileged) {
            return Capabilities.all();
        }
        List<String> kept = new ArrayList<>();
        if (add.contains(ALL)) {
            Capabilities.all().stream().filter(c -> !drop.contains(c)).forEach(kept::add);
        } else if (drop.contains(ALL)) {
            kept.addAll(add);
        } else {
            defaults.stream().filter(c -> !drop.contains(c)).forEach(kept::add);
            add.stream().filter(c -> !kept.contains(c)).forEach(kept::add);
        }
        return kept;
    }
}
