package io.openclaw.deploy.protocol;

/**
 * The agent home's disk, as {@code GET /v1/status} reports it.
 *
 * @param readOnly  the disk is full: the agent serves and reports what is deployed and refuses every change
 *                  ({@code disk-full}, HTTP 507) until space is back
 * @param freeBytes bytes the agent may still write on the home's file system, or -1 when the system does not say
 */
public record DiskStatus(boolean readOnly, long freeBytes) {}
