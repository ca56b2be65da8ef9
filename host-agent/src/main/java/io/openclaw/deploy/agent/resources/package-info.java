/**
 * CPU and memory of every running loop instance, sampled through OSHI, exposed as gauges and in the status, and
 * turned into alerts when a figure stays above its threshold (spec 9.1: alert + manual, never a rollback).
 */
package io.openclaw.deploy.agent.resources;
