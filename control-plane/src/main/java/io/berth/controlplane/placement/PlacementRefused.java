package io.berth.controlplane.placement;

/** No host fits: the message says why for each reason a host was ruled out. */
public class PlacementRefused extends RuntimeException {
    public PlacementRefused(String message) {
        super(message);
    }
}
