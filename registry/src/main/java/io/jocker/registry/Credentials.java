package io.jocker.registry;

/** A user name and a password (or an identity token, as {@code docker login} stores one) for a registry. */
public record Credentials(String username, String password) {

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
