package io.jocker.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.cli.template.GoStruct;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected outputs are what the Docker 28.2.2 client printed for the same rows (served by a stand-in daemon). */
class ListFormatTest {

    private static final String PS_DEFAULT =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

    private static final Map<String, String> HEADERS = Map.of("ID", "CONTAINER ID", "Names", "NAMES", "Image", "IMAGE",
            "Command", "COMMAND", "RunningFor", "CREATED", "Ports", "PORTS", "State", "STATE", "Status", "STATUS",
            "Labels", "LABELS");

    private static final List<GoStruct> ROWS = List.of(
            row("0123456789ab", "web", "busybox", "\"sleep 1000 with a l…\"", "running", "Up 2 hours", Map.of("a", "1", "b", "2")),
            row("fedcba987654", "a-much-longer-name", "busybox:latest", "\"true\"", "exited", "Exited (3) 5 minutes ago", Map.of()));

    private static GoStruct row(String id, String name, String image, String command, String state, String status,
            Map<String, String> labels) {
        return GoStruct.builder("*formatter.ContainerContext").field("Command", command).field("ID", id).field("Image", image)
                .field("Labels", String.join(",", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()))
                .field("Names", name).field("Ports", "").field("RunningFor", "3 years ago").field("State", state)
                .field("Status", status).method("Label", 1, args -> labels.getOrDefault((String) args.get(0), "")).build();
    }

    private static String render(String format) {
        return ListFormat.parse(format, PS_DEFAULT).render(ROWS, HEADERS);
    }

    @Test
    void theDefaultTable() {
        String expected = """
                CONTAINER ID   IMAGE            COMMAND                  CREATED       STATUS                     PORTS     NAMES
                0123456789ab   busybox          "sleep 1000 with a l…"   3 years ago   Up 2 hours                           web
                fedcba987654   busybox:latest   "true"                   3 years ago   Exited (3) 5 minutes ago             a-much-longer-name
                """;
        assertEquals(expected, render(null));
        assertEquals(expected, render("table"));
    }

    @Test
    void aCustomTableHasHeadersFromTheFieldNames() {
        assertEquals("""
                NAMES                STATUS
                web                  Up 2 hours
                a-much-longer-name   Exited (3) 5 minutes ago
                """, render("table {{.Names}}\\t{{.Status}}"));
    }

    @Test
    void anEmptyLastColumnIsPaddedAsTabwriterPadsIt() {
        assertEquals("NAMES                PORTS\nweb                  \na-much-longer-name   \n", render("table {{.Names}}\t{{.Ports}}"));
    }

    @Test
    void headersKeepTheirNamesThroughFunctionsAndLabelsAreHeadedByTheirName() {
        assertEquals("""
                CONTAINER ID   LABELS    a|x
                0123456789ab   a=1,b=2   1|x
                fedcba987654             |x
                """, render("table {{.ID}}\\t{{.Labels}}\\t{{.Label \"a\"}}|x"));
        assertEquals("""
                NAMES                STATUS                       NAMES!                 STATE      end
                WEB                  "Up 2 hours"                 web!                   running    end
                A-MUCH-LONGER-NAME   "Exited (3) 5 minutes ago"   a-much-longer-name!    exited     end
                """, render("table {{upper .Names}}\\t{{json .Status}}\\t{{.Names | printf \"%s!\"}}\\t{{pad .State 1 1}}\\tend"));
    }

    @Test
    void aRawTemplateIsOneLinePerRowWithoutHeader() {
        assertEquals("web\tX\na-much-longer-name\tX\n", render("{{.Names}}\\t{{.Ports}}X"));
        assertEquals("NAMES\nSTATUS\nweb\nUp 2 hours\na-much-longer-name\nExited (3) 5 minutes ago\n",
                render("table {{.Names}}\\n{{.Status}}"));
    }

    @Test
    void jsonIsOneObjectPerRow() {
        String json = render("json");
        assertEquals(2, json.lines().count());
        assertEquals("{\"Command\":\"\\\"true\\\"\",\"ID\":\"fedcba987654\",\"Image\":\"busybox:latest\",\"Labels\":\"\","
                + "\"Names\":\"a-much-longer-name\",\"Ports\":\"\",\"RunningFor\":\"3 years ago\",\"State\":\"exited\","
                + "\"Status\":\"Exited (3) 5 minutes ago\"}", json.lines().toList().get(1));
    }

    @Test
    void aTemplateThatFailsOrDoesNotParseIsATemplateParsingError() {
        assertEquals("template parsing error: template: :1: unclosed action",
                assertThrows(FormatException.class, () -> render("{{.Names")).getMessage());
        assertEquals("template parsing error: template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type "
                + "*formatter.ContainerContext", assertThrows(FormatException.class, () -> render("{{.Foo}}")).getMessage());
    }

    @Test
    void columnsAreAtLeastTenWideAndWideCharactersCountTwice() {
        assertEquals("REPOSITORY   TAG       SIZE\nbusybox      latest    2.13MB\n", TabWriter.align(
                "REPOSITORY\tTAG\tSIZE\nbusybox\tlatest\t2.13MB\n"));
        assertEquals("名前      X\nab        y\n", TabWriter.align("名前\tX\nab\ty\n"));
    }
}
