package io.jocker.cli.template;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Go's view of the Java values a template works on: truth, type names and comparison. */
final class GoValues {

    private GoValues() {}

    /** Go's truth: false, 0, nil and empty strings, slices and maps are false; structs are true. */
    static boolean truth(Object value) {
        if (value == null || value instanceof GoNil) {
            return false;
        } else if (value instanceof Boolean b) {
            return b;
        } else if (value instanceof Double d) {
            return d != 0;
        } else if (integer(value) != null) {
            return integer(value) != 0;
        } else if (value instanceof String s) {
            return !s.isEmpty();
        } else if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        } else if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        } else if (value instanceof GoMap m) {
            return !m.entries().isEmpty();
        }
        return true;
    }

    static String typeName(Object value) {
        if (value == null) {
            return "<nil>";
        } else if (value instanceof GoNil n) {
            return n == GoNil.SLICE ? "[]interface {}" : n == GoNil.MAP ? "map[string]interface {}" : "*struct";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (integer(value) != null) {
            return "int";
        } else if (value instanceof Double) {
            return "float64";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof List<?> l) {
            return !l.isEmpty() && l.stream().allMatch(String.class::isInstance) ? "[]string" : "[]interface {}";
        } else if (value instanceof Map) {
            return "map[string]interface {}";
        } else if (value instanceof GoMap m) {
            return m.zero() instanceof String ? "map[string]string" : "map[string]interface {}";
        } else if (value instanceof GoStruct s) {
            return s.type();
        }
        return value.getClass().getSimpleName();
    }

    static Long integer(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        return value instanceof Integer i ? Long.valueOf(i) : null;
    }

    private enum BasicKind { BOOL, INT, FLOAT, STRING, OTHER, INVALID }

    private static BasicKind kind(Object value) {
        if (value == null) {
            return BasicKind.INVALID;
        } else if (value instanceof Boolean) {
            return BasicKind.BOOL;
        } else if (integer(value) != null) {
            return BasicKind.INT;
        } else if (value instanceof Double) {
            return BasicKind.FLOAT;
        }
        return value instanceof String ? BasicKind.STRING : BasicKind.OTHER;
    }

    /** Go's {@code eq arg1 arg2...}: true when arg1 equals any of the others. */
    static boolean eq(Object first, List<Object> others) {
        if (others.isEmpty()) {
            throw new FunctionException("missing argument for comparison");
        }
        BasicKind k1 = kind(first);
        for (Object other : others) {
            BasicKind k2 = kind(other);
            if (k1 != k2) {
                if (k1 != BasicKind.INVALID && k2 != BasicKind.INVALID) {
                    throw new FunctionException("incompatible types for comparison");
                }
                continue;
            }
            boolean equal = switch (k1) {
                case INT -> integer(first).equals(integer(other));
                case OTHER -> {
                    if (first instanceof List || first instanceof Map || first instanceof GoMap || first instanceof GoStruct) {
                        throw new FunctionException("non-comparable types " + GoFormat.sprint(first) + ": " + typeName(first)
                                + ", " + typeName(other) + ": " + GoFormat.sprint(other));
                    }
                    yield first.equals(other);
                }
                default -> first.equals(other);
            };
            if (equal) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code lt}: basic kinds only. */
    static boolean lessThan(Object a, Object b) {
        BasicKind ka = kind(a);
        BasicKind kb = kind(b);
        if (ka == BasicKind.OTHER || ka == BasicKind.INVALID || ka == BasicKind.BOOL
                || kb == BasicKind.OTHER || kb == BasicKind.INVALID || kb == BasicKind.BOOL) {
            throw new FunctionException("invalid type for comparison");
        }
        if (ka != kb) {
            throw new FunctionException("incompatible types for comparison");
        }
        return switch (ka) {
            case INT -> integer(a) < integer(b);
            case FLOAT -> (Double) a < (Double) b;
            case STRING -> ((String) a).compareTo((String) b) < 0;
            default -> throw new FunctionException("invalid type for comparison");
        };
    }
}
