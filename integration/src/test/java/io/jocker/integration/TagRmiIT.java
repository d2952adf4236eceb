package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.image.BusyboxRootfs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code tag} and {@code rmi} end to end, against Docker's behaviour: a tag is a second name for
 * the same image, tagging over an existing tag moves it, bad names are refused and tag nothing;
 * an image a container uses is not untagged into a dangling image without {@code -f}; with
 * {@code -f} it is untagged but kept while a container runs on it, and deleted when only stopped
 * ones use it, which still start on its layers until the last of them goes.
 */
class TagRmiIT extends ContainerFixture {

    @Test
    void aTagNamesTheSameImageAndTaggingOverATagMovesIt() throws Exception {
        String busybox = imageId("busybox");
        assertOk(jocker.run("tag", "busybox", "mine:v1"));
        assertOk(jocker.run("tag", "busybox:latest", "mine"));
        assertOk(jocker.run("tag", busybox.substring("sha256:".length(), "sha256:".length() + 12), "byid:1"));
        assertOk(jocker.run("tag", "busybox", "mine:v1"));
        assertEquals(List.of("busybox latest " + busybox, "byid 1 " + busybox, "mine latest " + busybox, "mine v1 " + busybox),
                images());

        assertOk(jocker.run("import", BusyboxRootfs.tar().toString(), "other"));
        String other = imageId("other");
        assertOk(jocker.run("tag", "other", "mine:v1"));
        assertEquals(List.of("busybox latest " + busybox, "byid 1 " + busybox, "mine latest " + busybox, "mine v1 " + other,
                "other latest " + other), images());
    }

    @Test
    void badNamesAndMissingImagesAreRefusedWithExit1AndTagNothing() throws Exception {
        List<String> before = images();
        for (String bad : List.of("Bad:Tag:x", "UPPER", "ok:", "a/../b", "x:tag with space", "x:" + "t".repeat(129))) {
            Result r = jocker.run("tag", "busybox", bad);
            // Docker's client refuses these before asking its daemon: exit 1, the reference library's words.
            assertEquals(1, r.exitCode(), () -> bad + ": " + r);
            assertEquals(1, r.stderr().lines().count(), () -> bad + ": " + r);
            assertContains(r.stderr(), "jocker: Error parsing reference: \"" + bad + "\" is not a valid repository/tag: "
                    + "invalid reference format");
        }
        assertContains(jocker.run("tag", "busybox", "UPPER").stderr(), "repository name (library/UPPER) must be lowercase");
        Result missing = jocker.run("tag", "nosuch", "x");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertEquals("jocker: No such image: nosuch:latest\n", missing.stderr());
        assertEquals(before, images(), "nothing was tagged");
    }

    @Test
    void anImageAContainerUsesIsUntaggedOnlyWithForceAndKeptWhileItRuns() throws Exception {
        String busybox = imageId("busybox");
        String shortId = busybox.substring("sha256:".length(), "sha256:".length() + 12);
        String container = detached("--name", "user", "busybox", "sleep", "1000");

        Result refused = jocker.run("rmi", "busybox");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("jocker: conflict: unable to remove repository reference \"busybox\" (must force) - container "
                + container.substring(0, 12) + " is using its referenced image " + shortId + "\n",
                refused.stderr());
        Result byId = jocker.run("rmi", "-f", shortId);
        assertEquals(1, byId.exitCode(), byId::toString);
        assertEquals("jocker: conflict: unable to delete " + shortId
                + " (cannot be forced) - image is being used by running container " + container.substring(0, 12) + "\n",
                byId.stderr());
        assertEquals(List.of("busybox latest " + busybox), images());

        // With a second tag, removing one is no removal of the image: Docker needs no -f.
        assertOk(jocker.run("tag", "busybox", "spare:1"));
        Result untagged = jocker.run("rmi", "spare:1");
        assertOk(untagged);
        assertEquals("Untagged: spare:1\n", untagged.stdout());

        Result forced = jocker.run("rmi", "-f", "busybox");
        assertOk(forced);
        assertEquals("Untagged: busybox:latest\n", forced.stdout(), "untagged, not deleted: a container runs on it");
        assertEquals(List.of("<none> <none> " + busybox), images());
        assertContains(jocker.run("ps", "--filter", "name=user").stdout(), "Up ");
        assertOk(jocker.run("exec", "user", "true"));

        assertOk(jocker.run("rm", "-f", "user"));
        Result deleted = jocker.run("rmi", shortId);
        assertOk(deleted);
        assertContains(deleted.stdout(), "Deleted: " + busybox);
        assertEquals(List.of(), images());
    }

    @Test
    void forcedAnImageOnlyStoppedContainersUseIsDeletedAndTheyStillStartOnItsLayers() throws Exception {
        String busybox = imageId("busybox");
        String shortId = busybox.substring("sha256:".length(), "sha256:".length() + 12);
        assertOk(jocker.run("run", "--name", "stopped", "busybox", "sh", "-c", "echo kept > /f"));

        Result byId = jocker.run("rmi", shortId);
        assertEquals(1, byId.exitCode(), byId::toString);
        assertEquals("jocker: conflict: unable to delete " + shortId + " (must be forced) - image is being used by stopped"
                + " container " + containerId("stopped").substring(0, 12) + "\n", byId.stderr());

        Result forced = jocker.run("rmi", "-f", "busybox");
        assertOk(forced);
        assertEquals("Untagged: busybox:latest\nDeleted: " + busybox + "\n", forced.stdout());
        assertEquals(List.of(), images());
        Result again = jocker.run("start", "-a", "stopped");
        assertOk(again);
        assertContains(jocker.run("diff", "stopped").stdout(), "A /f");

        assertOk(jocker.run("rm", "stopped"));
        try (var layers = java.nio.file.Files.list(jocker.root().resolve("image/overlay/layers"))) {
            assertEquals(List.of(), layers.filter(p -> p.toString().endsWith(".json")).toList(),
                    "the layers went with the last container that stood on them");
        }
    }

    private String containerId(String name) throws Exception {
        Result r = jocker.run("ps", "-aq", "--no-trunc", "--filter", "name=" + name);
        assertOk(r);
        return r.stdout().trim();
    }

    /** {@code images} as "REPOSITORY TAG ID" lines, sorted, full ids. */
    private List<String> images() throws Exception {
        Result r = jocker.run("images", "--no-trunc", "--format", "{{.Repository}} {{.Tag}} {{.ID}}");
        assertOk(r);
        return r.stdout().lines().sorted().toList();
    }

    private String imageId(String name) throws Exception {
        Result r = jocker.run("images", "--no-trunc", "-q", name);
        assertOk(r);
        return r.stdout().trim();
    }
}
