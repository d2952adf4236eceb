package io.jocker.engine.network;

import io.jocker.engine.base.InvalidRequestException;

/**
 * A network setting that cannot be used: a subnet that is no CIDR or overlaps another, a
 * gateway or address outside its subnet, a clashing name, a host port in use. Refused before
 * anything is created, so the command line is what needs changing (exit status 125).
 */
public class NetworkConfigException extends InvalidRequestException {

    public NetworkConfigException(String message) {
        super(message);
    }
}
