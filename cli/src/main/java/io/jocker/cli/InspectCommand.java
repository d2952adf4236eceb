package io.jocker.cli;

import io.jocker.cli.template.GoStruct;
import io.jocker.engine.base.EngineException;
import io.jocker.engine.container.ContainerDetails;
import io.jocker.engine.container.NoSuchContainerException;
import io.jocker.engine.volume.NoSuchVolumeException;
import io.jocker.engine.network.NetworkService;
import io.jocker.engine.volume.VolumeService;
import io.jocker.images.ImageNotFoundException;
import io.jocker.images.InvalidReferenceException;
import io.jocker.images.ResolvedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker inspect}: containers, images and volumes, printed as {@code docker inspect} prints them. */
@Command(name = "inspect", description = "Return low-level information on containers, images and volumes")
final class InspectCommand implements Callable<Integer> {

    private static final List<String> TYPES = List.of("container", "image", "volume");

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "Format output using a Go template, or 'json'")
    String format;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only inspect objects of the given type (container, image, volume)")
    String type;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container (not measured: ignored)")
    boolean size;

    @Parameters(arity = "1..*", paramLabel = "NAME|ID")
    List<String> references;

    @Override
    public Integer call() {
        if (type == null && TYPES.contains(spec.parent().name())) {
            // container inspect, image inspect: the group's type only.
            type = spec.parent().name();
        }
        if (type != null && !TYPES.contains(type)) {
            throw new EngineException("unknown type: \"" + type + "\": must be one of \"" + String.join("\", \"", TYPES) + "\"");
        }
        InspectOutput output = InspectOutput.of(format, true);
        for (String reference : references) {
            Optional<GoStruct> found = find(reference);
            if (found.isPresent()) {
                output.add(found.get());
            } else {
                output.error("Error: No such object: " + reference);
            }
        }
        return output.print(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The object a reference names: a container first, then an image, then a volume, as Docker looks. */
    private Optional<GoStruct> find(String reference) {
        if (type == null || type.equals("container")) {
            try {
                ContainerDetails details = jocker.engine().containers().inspect(reference);
                VolumeService volumes = jocker.engine().volumes();
                NetworkService networks = jocker.engine().networks();
                return Optional.of(InspectDocuments.container(details, volumes::volumeName,
                        networks.endpointsOf(details.record().id()), networks.list()));
            } catch (NoSuchContainerException e) {
                // not a container: look further
            }
        }
        if (type == null || type.equals("image")) {
            Optional<GoStruct> image = image(reference);
            if (image.isPresent()) {
                return image;
            }
        }
        if (type == null || type.equals("volume")) {
            try {
                return Optional.of(InspectDocuments.volume(jocker.engine().volumes().inspect(reference)));
            } catch (NoSuchVolumeException e) {
                // not a volume either
            }
        }
        return Optional.empty();
    }

    private Optional<GoStruct> image(String reference) {
        try {
            return Optional.of(ImageCommands.withStore(jocker, store -> {
                ResolvedImage image = store.resolve(reference);
                return InspectDocuments.image(image, store.list(), store.storageDriver(), Map.of());
            }));
        } catch (EngineException e) {
            if (e.getCause() instanceof ImageNotFoundException || e.getCause() instanceof InvalidReferenceException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
