package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.image.DebianRootfs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A real distribution's root file system: Debian 12 made by debootstrap (minbase), with the
 * device nodes debootstrap makes in /dev (ptmx 5:2 and tty 5:0 among them), hard links and
 * set-id programs. Built once from Debian's mirror and cached ({@link DebianRootfs}); debootstrap
 * is a Debian package that {@code .ci/run} installs.
 */
class DebianRootfsIT extends ContainerFixture {

    @Test
    void aDebootstrappedDebianImportsRunsBashAptAndUseraddAndSurvivesSaveAndLoad() throws Exception {
        assertOk(jocker.run("import", DebianRootfs.tar().toString(), "debian:12"));

        assertRunsDebian();
        Path saved = tmp.resolve("debian.tar");
        assertOk(jocker.run("save", "-o", saved.toString(), "debian:12"));
        assertOk(jocker.run("rmi", "debian:12"));
        assertEquals("Loaded image: debian:12\n", jocker.run("load", "-i", saved.toString()).stdout());
        assertRunsDebian();
    }

    private void assertRunsDebian() throws Exception {
        Result bash = jocker.run("run", "--rm", "debian:12", "bash", "-c", "echo \"bash ${BASH_VERSINFO[0]}\"; . /etc/os-release;"
                + " echo \"$ID $VERSION_ID\"");
        assertOk(bash);
        assertEquals("bash 5\ndebian 12\n", bash.stdout());
        Result apt = jocker.run("run", "--rm", "debian:12", "apt-get", "--version");
        assertOk(apt);
        assertContains(apt.stdout(), "apt 2.6");
        Result useradd = jocker.run("run", "--rm", "debian:12", "bash", "-c", "useradd -m -s /bin/bash alice && id alice"
                + " && su alice -c 'touch ~/file && stat -c %U ~/file'");
        assertOk(useradd);
        assertEquals("uid=1000(alice) gid=1000(alice) groups=1000(alice)\nalice\n", useradd.stdout());
    }
}
