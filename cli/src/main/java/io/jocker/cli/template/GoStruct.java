package io.jocker.cli.template;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A value a template sees as a Go struct: fields in declaration order (which is the order its
 * JSON keeps), and methods that take arguments (Docker's {@code .Label "key"}). A missing field is
 * an error, where a map's missing key is {@code <no value>}.
 */
public final class GoStruct {

    /** A method of the struct that takes arguments. */
    @FunctionalInterface
    public interface Method {
        Object call(List<Object> args);
    }

    private record MethodSpec(int arity, Method body) {}

    private final String type;
    private final Map<String, Object> fields;
    private final Set<String> omitEmpty;
    private final Map<String, String> jsonKeys;
    private final Map<String, MethodSpec> methods;
    private final boolean escapesHtml;

    private GoStruct(Builder b) {
        this.type = b.type;
        this.fields = Collections.unmodifiableMap(b.fields);
        this.omitEmpty = Set.copyOf(b.omitEmpty);
        this.jsonKeys = Map.copyOf(b.jsonKeys);
        this.methods = Collections.unmodifiableMap(b.methods);
        this.escapesHtml = b.escapesHtml;
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** Go's type name, as shown in errors (e.g. {@code *formatter.ContainerContext}). */
    public String type() {
        return type;
    }

    /** The fields in declaration order; a value may be null (a Go nil interface) or a {@link GoNil}. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** Whether JSON leaves this field out when it holds Go's zero value ({@code json:",omitempty"}). */
    boolean omitsWhenEmpty(String name) {
        return omitEmpty.contains(name);
    }

    /** The key JSON gives the field: its name unless its tag says otherwise. */
    String jsonKey(String name) {
        return jsonKeys.getOrDefault(name, name);
    }

    /** Whether its JSON escapes {@code <>&} whatever the encoder's setting (Docker's formatter contexts do). */
    boolean escapesHtml() {
        return escapesHtml;
    }

    boolean hasField(String name) {
        return fields.containsKey(name);
    }

    Optional<Integer> methodArity(String name) {
        return Optional.ofNullable(methods.get(name)).map(MethodSpec::arity);
    }

    Object callMethod(String name, List<Object> args) {
        return methods.get(name).body().call(args);
    }

    @Override
    public String toString() {
        return GoFormat.sprint(this);
    }

    /** Collects fields in declaration order. */
    public static final class Builder {
        private final String type;
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private final Set<String> omitEmpty = new HashSet<>();
        private final Map<String, String> jsonKeys = new LinkedHashMap<>();
        private final Map<String, MethodSpec> methods = new LinkedHashMap<>();
        private boolean escapesHtml;

        private Builder(String type) {
            this.type = type;
        }

        public Builder field(String name, Object value) {
            fields.put(name, value);
            return this;
        }

        /** A field that JSON leaves out when it holds Go's zero value (Go's {@code omitempty}); templates still see it. */
        public Builder fieldOmitEmpty(String name, Object value) {
            fields.put(name, value);
            omitEmpty.add(name);
            return this;
        }

        /**
         * A field whose tag renames it in JSON ({@code json:"status,omitempty"} is {@code
         * tagged("Status", "status", true, value)}); templates still see it by its name.
         */
        public Builder tagged(String name, String jsonKey, boolean omitWhenEmpty, Object value) {
            fields.put(name, value);
            jsonKeys.put(name, jsonKey);
            if (omitWhenEmpty) {
                omitEmpty.add(name);
            }
            return this;
        }

        /** Its JSON escapes {@code <>&} as {@code json.Marshal} does, even inside Docker's {@code json} function. */
        public Builder escapesHtml() {
            escapesHtml = true;
            return this;
        }

        public Builder method(String name, int arity, Method body) {
            methods.put(name, new MethodSpec(arity, body));
            return this;
        }

        public GoStruct build() {
            return new GoStruct(this);
        }
    }
}
