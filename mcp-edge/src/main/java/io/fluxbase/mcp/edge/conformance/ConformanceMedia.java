package io.fluxbase.mcp.edge.conformance;

/** The smallest valid media the fixtures hand out, base64-encoded. */
final class ConformanceMedia {

    /** A 1x1 red pixel, PNG. */
    static final String PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP4z8AAAAMBAQD3A0FDAAAAAElFTkSuQmCC";

    static final String PNG_MIME_TYPE = "image/png";

    /** One millisecond of silence: 8 kHz, mono, 16-bit PCM, WAV. */
    static final String WAV_BASE64 =
            "UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YRAAAAAAAAAAAAAAAAAAAAAAAAAA";

    static final String WAV_MIME_TYPE = "audio/wav";

    private ConformanceMedia() {
    }
}
