/**
 * Image events. An image is per host: stream {@code image-<imageId>} records on which hosts it
 * was imported or committed (with its parent) and removed; names live in stream
 * {@code repository-<repository>} ({@code /} written as {@code :}) as tagged/untagged; an
 * upload being imported is stream {@code image-upload.<uploadId>}.
 */
package io.berth.protocol.images;
