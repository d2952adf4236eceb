package io.jocker.cli.template;

/**
 * A template that cannot be parsed or executed. The message is worded as Go's text/template words
 * it ({@code template: :1: unclosed action}), which is what Docker prints after its own prefix.
 */
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private TemplateException(String message) {
        super(message);
    }

    static TemplateException parse(String name, int line, String message) {
        return new TemplateException("template: " + name + ":" + line + ": " + message);
    }

    static TemplateException execution(String name, String source, Node node, String message) {
        int pos = node.pos();
        int line = Lexer.line(source, pos);
        int lineStart = source.lastIndexOf('\n', pos - 1) + 1;
        return new TemplateException("template: " + name + ":" + line + ":" + (pos - lineStart) + ": executing \"" + name
                + "\" at <" + node + ">: " + message);
    }
}
