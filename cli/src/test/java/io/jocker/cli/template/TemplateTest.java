package io.jocker.cli.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine on data: expected outputs and error messages are what Docker 28.2.2's client printed
 * for the same template on the same data (served by a stand-in daemon), or Go's documented behaviour.
 */
class TemplateTest {

    private static final GoStruct STATE = GoStruct.builder("*container.State")
            .field("Status", "exited").field("Running", false).field("Paused", false).field("Restarting", false)
            .field("OOMKilled", false).field("Dead", false).field("Pid", 0L).field("ExitCode", 3L).field("Error", "")
            .field("StartedAt", "2024-01-01T00:00:01Z").field("FinishedAt", "2024-01-01T00:00:02Z")
            .fieldOmitEmpty("Health", GoNil.POINTER).build();

    private static final GoStruct CONTAINER = GoStruct.builder("container.InspectResponse")
            .field("Name", "/web")
            .field("State", STATE)
            .field("Config", GoStruct.builder("*container.Config")
                    .field("Labels", GoMap.ofStrings(Map.of("k", "v<>")))
                    .field("Env", List.of("A=1", "B=2"))
                    .field("Entrypoint", GoNil.SLICE).build())
            .field("HostConfig", GoStruct.builder("*container.HostConfig")
                    .field("Memory", 1073741824L).field("PidsLimit", GoNil.POINTER).build())
            .build();

    private static final GoStruct PS_ROW = GoStruct.builder("*formatter.ContainerContext")
            .field("ID", "0123456789ab").field("Names", "web").field("Labels", "a=1,b=2")
            .method("Label", 1, args -> Map.of("a", "1", "b", "2").getOrDefault((String) args.get(0), ""))
            .build();

    private static String run(String template, Object data) {
        return Template.parse(template).execute(data);
    }

    private static String error(String template, Object data) {
        return assertThrows(TemplateException.class, () -> run(template, data)).getMessage();
    }

    @Test
    void nestedFieldsOfStructsAndMaps() {
        assertEquals("3 <no value> |map[k:v<>]", run("{{.State.ExitCode}} {{.Config.Labels.nokey}} {{index .Config.Labels \"nokey\"}}"
                + "|{{.Config.Labels}}", CONTAINER));
    }

    @Test
    void structsAndTypedNilsPrintAsGoPrintsThem() {
        assertEquals("{exited false false false false false 0 3  2024-01-01T00:00:01Z 2024-01-01T00:00:02Z <nil>}|[]|1073741824|<nil>",
                run("{{.State}}|{{.Config.Entrypoint}}|{{.HostConfig.Memory}}|{{.HostConfig.PidsLimit}}", CONTAINER));
    }

    @Test
    void jsonKeepsStructOrderSortsMapsAndLeavesOutEmptyOmitEmptyFields() {
        assertEquals("{\"k\":\"v<>\"}|{\"Status\":\"exited\",\"Running\":false,\"Paused\":false,\"Restarting\":false,"
                + "\"OOMKilled\":false,\"Dead\":false,\"Pid\":0,\"ExitCode\":3,\"Error\":\"\",\"StartedAt\":\"2024-01-01T00:00:01Z\","
                + "\"FinishedAt\":\"2024-01-01T00:00:02Z\"}", run("{{json .Config.Labels}}|{{json .State}}", CONTAINER));
        assertEquals("{\"b\":1,\"a\":[],\"c\":null}", run("{{json .}}",
                GoStruct.builder("t").field("b", 1L).field("a", List.of()).field("c", GoNil.MAP).build()));
    }

    @Test
    void aContextsJsonEscapesHtmlAsJsonMarshalDoes() {
        GoStruct image = GoStruct.builder("*formatter.ImageContext").field("Digest", "<none>").escapesHtml().build();
        assertEquals("{\"Digest\":\"\\u003cnone\\u003e\"} \"<none>\"", run("{{json .}} {{json .Digest}}", image));
    }

    @Test
    void aMissingStructFieldIsAnErrorWithGosWording() {
        assertEquals("template: :1:45: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext",
                error("table {{.ID}}\\t{{.Labels}}\\t{{.Label \"a\"}}|{{.Foo}}", PS_ROW));
    }

    @Test
    void aMissingMapKeyIsNoValueOrWithMissingKeyErrorAnError() {
        Map<String, Object> raw = Map.of("State", Map.of("ExitCode", 3L));
        assertEquals("3 <no value>", run("{{.State.ExitCode}} {{.Foo}}", raw));
        TemplateException e = assertThrows(TemplateException.class,
                () -> Template.parse("{{.State.ExitCode}} {{.Foo}}").execute(raw, Functions.docker(), true));
        assertEquals("template: :1:22: executing \"\" at <.Foo>: map has no entry for key \"Foo\"", e.getMessage());
        e = assertThrows(TemplateException.class, () -> Template.parse("{{.Foo.Bar}}").execute(raw, Functions.docker(), true));
        assertEquals("template: :1:6: executing \"\" at <.Foo.Bar>: map has no entry for key \"Foo\"", e.getMessage());
    }

    @Test
    void methodsTakeArgumentsAlsoFromAPipeline() {
        assertEquals("1||2", run("{{.Label \"a\"}}|{{.Label \"zz\"}}|{{\"b\" | .Label}}", PS_ROW));
        assertEquals("template: :1:2: executing \"\" at <.Label>: wrong number of args for Label: want 1 got 0",
                error("{{.Label}}", PS_ROW));
        assertEquals("template: :1:2: executing \"\" at <.Names>: Names has arguments but cannot be invoked as function",
                error("{{.Names 1}}", PS_ROW));
    }

    @Test
    void rangeOverMapsIsInKeyOrderWithKeyAndValue() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("m", Map.of("b", 2L, "a", 1L, "c", 3L));
        assertEquals("a=1,b=2,c=3,", run("{{range $k, $v := .m}}{{$k}}={{$v}},{{end}}", data));
        assertEquals("1 2 3 ", run("{{range .m}}{{.}} {{end}}", data));
        assertEquals("none", run("{{range .missing}}x{{else}}none{{end}}", data));
    }

    @Test
    void theRootStaysReachableAsDollarInsideRangeAndWith() {
        Map<String, Object> data = Map.of("name", "n", "items", List.of("x", "y"));
        assertEquals("n:x n:y ", run("{{range .items}}{{$.name}}:{{.}} {{end}}", data));
        assertEquals("n", run("{{with .items}}{{$.name}}{{end}}", data));
    }

    @Test
    void conditionsChainAndCompare() {
        assertEquals("exited 3", run("{{if eq .State.Status \"running\"}}up{{else if eq .State.ExitCode 3}}exited 3{{else}}?{{end}}",
                CONTAINER));
        assertEquals("template: :1:5: executing \"\" at <eq .State.Status 3>: error calling eq: incompatible types for comparison",
                error("{{if eq .State.Status 3}}{{end}}", CONTAINER));
    }

    @Test
    void trimMarkersEatTheWhitespaceBesideThem() {
        assertEquals("A=1;B=2;", run("{{range .Config.Env}}\n  {{- . -}}\n  ;{{end}}", CONTAINER));
    }

    @Test
    void parseErrorsUseGosWording() {
        assertEquals("template: :1: unclosed action", parseError("{{.Foo"));
        assertEquals("template: :1: function \"nofunc\" not defined", parseError("{{nofunc .}}"));
        assertEquals("template: :2: unexpected EOF", parseError("{{if .A}}\nx"));
        assertEquals("template: :1: undefined variable \"$x\"", parseError("{{$x}}"));
        assertEquals("template: :1: bad character U+007D '}'", parseError("{{.A}"));
    }

    private static String parseError(String template) {
        return assertThrows(TemplateException.class, () -> Template.parse(template)).getMessage();
    }

    @Test
    void dockerFunctionsRefuseWhatGoRefuses() {
        assertEquals("template: :1:2: executing \"\" at <join .Names \",\">: error calling join: expected slice, got string",
                error("{{join .Names \",\"}}", PS_ROW));
        assertEquals("template: :1:8: executing \"\" at <.Label>: wrong number of args for Label: want 1 got 0",
                error("{{upper .Label}}", PS_ROW));
    }

    @Test
    void indentedJsonIsDockerInspectsLayout() {
        GoStruct doc = GoStruct.builder("t").field("Id", "x").field("Args", List.of()).field("Labels", Map.of())
                .field("Env", List.of("A=<1>")).field("Nil", GoNil.SLICE).build();
        assertEquals("""
                [
                    {
                        "Id": "x",
                        "Args": [],
                        "Labels": {},
                        "Env": [
                            "A=\\u003c1\\u003e"
                        ],
                        "Nil": null
                    }
                ]""", GoJson.indented(List.of(doc)));
        assertEquals("[]", GoJson.indented(List.of()));
    }
}
