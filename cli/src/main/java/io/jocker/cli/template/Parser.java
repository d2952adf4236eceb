package io.jocker.cli.template;

import io.jocker.cli.template.Lexer.Kind;
import io.jocker.cli.template.Lexer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Go's text/template grammar: builds the tree of one template and of the templates it defines. */
final class Parser {

    private final String name;
    private final String source;
    private final List<Token> tokens;
    private final Set<String> functions;
    private final Map<String, Node.ListNode> definitions = new LinkedHashMap<>();
    private final Deque<List<String>> scopes = new ArrayDeque<>();
    private int next;
    private int last;
    private int rangeDepth;

    private Parser(String name, String source, Set<String> functions) {
        this.name = name;
        this.source = source;
        this.tokens = Lexer.lex(name, source);
        this.functions = functions;
    }

    record Result(Node.ListNode root, Map<String, Node.ListNode> definitions) {}

    static Result parse(String name, String source, Set<String> functions) {
        Parser parser = new Parser(name, source, functions);
        return new Result(parser.parseRoot(), parser.definitions);
    }

    private Node.ListNode parseRoot() {
        scopes.push(new ArrayList<>(List.of("$")));
        List<Node> nodes = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            if (peek().kind() == Kind.LEFT) {
                int mark = next;
                advance();
                Token keyword = nextNonSpace();
                if (keyword.kind() == Kind.KEYWORD && keyword.text().equals("define")) {
                    define();
                    continue;
                }
                next = mark;
            }
            Node n = textOrAction();
            if (n instanceof Node.End || n instanceof Node.Else) {
                throw error(n.pos(), "unexpected " + (n instanceof Node.End ? "{{end}}" : "{{else}}"));
            }
            nodes.add(n);
        }
        return new Node.ListNode(0, nodes);
    }

    private void define() {
        Token nameToken = nextNonSpace();
        String defined = templateName(nameToken, "define clause");
        expect(Kind.RIGHT, "define clause");
        scopes.push(new ArrayList<>(List.of("$")));
        ItemList body = itemList();
        scopes.pop();
        if (!(body.end() instanceof Node.End)) {
            throw error(body.end().pos(), "unexpected {{else}} in define clause");
        }
        definitions.put(defined, body.list());
    }

    private Node textOrAction() {
        Token token = advance();
        return switch (token.kind()) {
            case TEXT -> new Node.Text(token.pos(), token.text());
            case LEFT -> action();
            default -> throw unexpected(token, "input");
        };
    }

    private Node action() {
        Token token = nextNonSpace();
        if (token.kind() == Kind.KEYWORD) {
            switch (token.text()) {
                case "if":
                    return control(Node.Branch.Kind.IF, token);
                case "with":
                    return control(Node.Branch.Kind.WITH, token);
                case "range":
                    return control(Node.Branch.Kind.RANGE, token);
                case "end":
                    expect(Kind.RIGHT, "end");
                    return new Node.End(token.pos());
                case "else":
                    Token following = peekNonSpace();
                    if (following.kind() == Kind.KEYWORD && (following.text().equals("if") || following.text().equals("with"))) {
                        return new Node.Else(token.pos());
                    }
                    expect(Kind.RIGHT, "else");
                    return new Node.Else(token.pos());
                case "break":
                case "continue":
                    if (rangeDepth == 0) {
                        throw error(token.pos(), "{{" + token.text() + "}} outside {{range}}");
                    }
                    expect(Kind.RIGHT, token.text());
                    return token.text().equals("break") ? new Node.Break(token.pos()) : new Node.Continue(token.pos());
                case "template":
                    return templateCall(token);
                case "block":
                    return block(token);
                default:
                    throw unexpected(token, "command");
            }
        }
        back();
        return new Node.Action(token.pos(), pipeline("command", Kind.RIGHT));
    }

    private Node.Branch control(Node.Branch.Kind kind, Token keyword) {
        String context = kind.name().toLowerCase();
        scopes.push(new ArrayList<>(scopes.peek()));
        Node.Pipe pipe = pipeline(context, Kind.RIGHT);
        if (kind == Node.Branch.Kind.RANGE) {
            rangeDepth++;
        }
        ItemList body = itemList();
        if (kind == Node.Branch.Kind.RANGE) {
            rangeDepth--;
        }
        Node.ListNode elseList = null;
        if (body.end() instanceof Node.Else) {
            Token chained = peekNonSpace();
            boolean chainable = kind != Node.Branch.Kind.RANGE && chained.kind() == Kind.KEYWORD && chained.text().equals(context);
            if (chainable) {
                Token again = nextNonSpace();
                // {{else if}} and {{else with}} share the outer {{end}}.
                elseList = new Node.ListNode(again.pos(), List.of(control(kind, again)));
            } else {
                ItemList otherwise = itemList();
                if (!(otherwise.end() instanceof Node.End)) {
                    throw error(otherwise.end().pos(), "expected end; found {{else}}");
                }
                elseList = otherwise.list();
            }
        }
        scopes.pop();
        return new Node.Branch(keyword.pos(), kind, pipe, body.list(), elseList);
    }

    private record ItemList(Node.ListNode list, Node end) {}

    private ItemList itemList() {
        List<Node> nodes = new ArrayList<>();
        int start = peek().pos();
        while (peekNonSpace().kind() != Kind.EOF) {
            Node n = textOrAction();
            if (n instanceof Node.End || n instanceof Node.Else) {
                return new ItemList(new Node.ListNode(start, nodes), n);
            }
            nodes.add(n);
        }
        throw error(source.length(), "unexpected EOF");
    }

    private Node.TemplateCall templateCall(Token keyword) {
        String called = templateName(nextNonSpace(), "template clause");
        Token token = nextNonSpace();
        Node.Pipe pipe = null;
        if (token.kind() != Kind.RIGHT) {
            back();
            pipe = pipeline("template clause", Kind.RIGHT);
        }
        return new Node.TemplateCall(keyword.pos(), called, pipe);
    }

    private Node.TemplateCall block(Token keyword) {
        String called = templateName(nextNonSpace(), "block clause");
        Node.Pipe pipe = pipeline("block clause", Kind.RIGHT);
        scopes.push(new ArrayList<>(List.of("$")));
        ItemList body = itemList();
        scopes.pop();
        if (!(body.end() instanceof Node.End)) {
            throw error(body.end().pos(), "unexpected {{else}} in block clause");
        }
        definitions.put(called, body.list());
        return new Node.TemplateCall(keyword.pos(), called, pipe);
    }

    private String templateName(Token token, String context) {
        if (token.kind() == Kind.STRING || token.kind() == Kind.RAW_STRING) {
            return Literals.unquote(token.text(), () -> error(token.pos(), "invalid syntax"));
        }
        throw unexpected(token, context);
    }

    private Node.Pipe pipeline(String context, Kind end) {
        List<String> declared = new ArrayList<>();
        boolean assign = false;
        Token first = peekNonSpace();
        if (first.kind() == Kind.VARIABLE) {
            int mark = next;
            nextNonSpace();
            Token after = nextNonSpace();
            if (after.kind() == Kind.DECLARE || after.kind() == Kind.ASSIGN) {
                assign = after.kind() == Kind.ASSIGN;
                declared.add(first.text());
            } else if (after.kind() == Kind.COMMA && context.equals("range")) {
                declared.add(first.text());
                Token second = nextNonSpace();
                Token operator = nextNonSpace();
                if (second.kind() != Kind.VARIABLE || (operator.kind() != Kind.DECLARE && operator.kind() != Kind.ASSIGN)) {
                    throw error(second.pos(), "range can only initialize variables");
                }
                assign = operator.kind() == Kind.ASSIGN;
                declared.add(second.text());
            } else if (after.kind() == Kind.COMMA) {
                throw error(after.pos(), "too many declarations in " + context);
            } else {
                next = mark;
            }
            for (String variable : declared) {
                if (assign) {
                    useVariable(first.pos(), variable);
                } else {
                    scopes.peek().add(variable);
                }
            }
        }
        List<Node.Command> commands = new ArrayList<>();
        while (true) {
            Token token = nextNonSpace();
            if (token.kind() == end) {
                if (commands.isEmpty()) {
                    throw error(token.pos(), "missing value for " + context);
                }
                for (int i = 1; i < commands.size(); i++) {
                    Node firstArg = commands.get(i).args().get(0);
                    if (firstArg instanceof Node.Literal || firstArg instanceof Node.Nil || firstArg instanceof Node.Dot) {
                        throw error(firstArg.pos(), "non executable command in pipeline stage " + (i + 1));
                    }
                }
                return new Node.Pipe(first.pos(), declared, assign, commands);
            }
            switch (token.kind()) {
                case BOOL, CHAR, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LEFT_PAREN -> {
                    back();
                    commands.add(command());
                }
                default -> throw unexpected(token, context);
            }
        }
    }

    private Node.Command command() {
        List<Node> args = new ArrayList<>();
        int start = peekNonSpace().pos();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) {
                args.add(operand);
            }
            Token token = advance();
            if (token.kind() == Kind.SPACE) {
                continue;
            }
            if (token.kind() == Kind.RIGHT || token.kind() == Kind.RIGHT_PAREN) {
                back();
            } else if (token.kind() != Kind.PIPE) {
                throw unexpected(token, "operand");
            }
            break;
        }
        if (args.isEmpty()) {
            throw error(start, "empty command");
        }
        return new Node.Command(start, args);
    }

    private Node operand() {
        Node term = term();
        if (term == null) {
            return null;
        }
        if (peek().kind() != Kind.FIELD) {
            return term;
        }
        // Go places a chain at its first field after the term, which is where its errors point.
        int chainPos = peek().pos();
        List<String> fields = new ArrayList<>();
        while (peek().kind() == Kind.FIELD) {
            fields.add(advance().text().substring(1));
        }
        if (term instanceof Node.Field f) {
            List<String> all = new ArrayList<>(f.names());
            all.addAll(fields);
            return new Node.Field(chainPos, all);
        }
        if (term instanceof Node.Variable v) {
            List<String> all = new ArrayList<>(v.fields());
            all.addAll(fields);
            return new Node.Variable(chainPos, v.name(), all);
        }
        if (term instanceof Node.Literal || term instanceof Node.Nil || term instanceof Node.Dot) {
            throw error(term.pos(), "unexpected . after term \"" + term + "\"");
        }
        return new Node.Chain(chainPos, term, fields);
    }

    private Node term() {
        Token token = nextNonSpace();
        return switch (token.kind()) {
            case IDENTIFIER -> {
                if (!functions.contains(token.text())) {
                    throw error(token.pos(), "function \"" + token.text() + "\" not defined");
                }
                yield new Node.Identifier(token.pos(), token.text());
            }
            case DOT -> new Node.Dot(token.pos());
            case NIL -> new Node.Nil(token.pos());
            case VARIABLE -> {
                useVariable(token.pos(), token.text());
                yield new Node.Variable(token.pos(), token.text(), List.of());
            }
            case FIELD -> new Node.Field(token.pos(), List.of(token.text().substring(1)));
            case BOOL -> new Node.Literal(token.pos(), Boolean.valueOf(token.text()), token.text());
            case CHAR -> new Node.Literal(token.pos(), Literals.character(token.text(), () -> error(token.pos(),
                    "malformed character constant: " + token.text())), token.text());
            case NUMBER -> new Node.Literal(token.pos(), Literals.number(token.text(), () -> error(token.pos(),
                    "illegal number syntax: \"" + token.text() + "\"")), token.text());
            case STRING, RAW_STRING -> new Node.Literal(token.pos(), Literals.unquote(token.text(), () -> error(token.pos(),
                    "invalid syntax")), token.text());
            case LEFT_PAREN -> pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
            default -> {
                back();
                yield null;
            }
        };
    }

    private void useVariable(int pos, String variable) {
        if (!scopes.peek().contains(variable)) {
            throw error(pos, "undefined variable \"" + variable + "\"");
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token advance() {
        last = next;
        Token token = tokens.get(next);
        if (token.kind() != Kind.EOF) {
            next++;
        }
        return token;
    }

    /** Puts back the token that was read last. */
    private void back() {
        next = last;
    }

    private Token nextNonSpace() {
        Token token = advance();
        while (token.kind() == Kind.SPACE) {
            token = advance();
        }
        return token;
    }

    private Token peekNonSpace() {
        int mark = next;
        Token token = nextNonSpace();
        next = mark;
        return token;
    }

    private void expect(Kind kind, String context) {
        Token token = nextNonSpace();
        if (token.kind() != kind) {
            throw unexpected(token, context);
        }
    }

    private TemplateException unexpected(Token token, String context) {
        String what = switch (token.kind()) {
            case EOF -> "EOF";
            case RIGHT -> "\"}}\"";
            case LEFT -> "\"{{\"";
            case SPACE -> "space";
            default -> "\"" + token.text() + "\"";
        };
        if (token.kind() == Kind.EOF) {
            return error(token.pos(), "unexpected EOF");
        }
        return error(token.pos(), "unexpected " + what + " in " + context);
    }

    private TemplateException error(int pos, String message) {
        return TemplateException.parse(name, Lexer.line(source, pos), message);
    }
}
