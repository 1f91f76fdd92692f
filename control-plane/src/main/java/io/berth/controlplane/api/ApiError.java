package io.berth.controlplane.api;

/** The body of every 4xx answer: a short code and a message that says what to fix. */
public record ApiError(String error, String message) {
}
