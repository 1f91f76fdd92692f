/**
 * Host events, stored in stream {@code host-<hostId>}: registered → (lost ⇄ back)* → drained →
 * removed. Commands and the aggregate that decides them live in the control plane.
 */
package io.berth.protocol.hosts;
