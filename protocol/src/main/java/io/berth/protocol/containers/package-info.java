/**
 * Container events, stored in stream {@code container-<id>} (64 hex characters, as Docker's ids):
 * created → scheduled → start requested → (started → exited/stopped)* … → remove requested →
 * removed, with stop/kill/restart/commit requests, commits and exec sessions in between. The
 * "…requested" and "scheduled" events are what the control plane's dispatcher turns into agent
 * instructions; the others record what an agent reported. Name claims live in stream
 * {@code container-name.<name>}.
 */
package io.berth.protocol.containers;
