/**
 * The wire contract between the control plane and engine agents: instructions, reports and
 * events as versioned records with a JSON encoding. Both sides compile against this module.
 */
package io.berth.protocol;
