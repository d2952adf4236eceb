package io.jocker.cli.template;

import java.util.Map;

/**
 * A parsed Go text/template, the language of Docker's {@code --format}: actions, pipelines,
 * variables, {@code if}/{@code with}/{@code range} (with {@code else}, {@code break},
 * {@code continue}), {@code define}/{@code template}/{@code block}, comments and {@code {{-}}
 * trimming, Go's built-in functions and Docker's. Errors are worded as Go words them.
 *
 * <pre>{@code
 * Template t = Template.parse("{{.Name}} {{join .Args \",\"}}");
 * String out = t.execute(Map.of("Name", "web", "Args", List.of("a", "b")));  // "web a,b"
 * }</pre>
 */
public final class Template {

    private final String name;
    private final String source;
    private final Node.ListNode root;
    private final Map<String, Node.ListNode> definitions;

    private Template(String name, String source, Parser.Result parsed) {
        this.name = name;
        this.source = source;
        this.root = parsed.root();
        this.definitions = parsed.definitions();
    }

    /** Parses an unnamed template with Docker's functions, as {@code docker --format} does. */
    public static Template parse(String source) {
        return parse("", source, Functions.docker());
    }

    /** Parses a template; a function not in {@code functions} is a parse error, as in Go. */
    public static Template parse(String name, String source, Functions functions) {
        return new Template(name, source, Parser.parse(name, source, functions.names()));
    }

    /** Runs the template on {@code data} with Docker's functions; a missing map key gives {@code <no value>}. */
    public String execute(Object data) {
        return execute(data, Functions.docker(), false);
    }

    /**
     * Runs the template on {@code data}.
     *
     * @param functions the functions to call (Go's {@code Funcs} after parsing: same names, other bodies)
     * @param missingKeyError Go's {@code missingkey=error}: a missing map key fails instead of giving {@code <no value>}
     * @throws TemplateException where Go's {@code Execute} returns an error; what was written before it is lost
     */
    public String execute(Object data, Functions functions, boolean missingKeyError) {
        StringBuilder out = new StringBuilder();
        execute(data, functions, missingKeyError, out);
        return out.toString();
    }

    /** As {@link #execute(Object, Functions, boolean)}, writing into {@code out}, which keeps what came before an error. */
    public void execute(Object data, Functions functions, boolean missingKeyError, StringBuilder out) {
        new Executor(this, functions, missingKeyError, out).run(root, data);
    }

    String name() {
        return name;
    }

    String source() {
        return source;
    }

    Node.ListNode definition(String defined) {
        return definitions.get(defined);
    }
}
