/**
 * Progress of long work on the host (image import, commit): the engine says how far it has
 * come; the agent throttles it and reports it as transient state, never as events.
 */
package io.berth.engine.progress;
