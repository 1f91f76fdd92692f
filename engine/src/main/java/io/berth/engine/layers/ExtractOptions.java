package io.berth.engine.layers;

/**
 * How to extract one layer.
 *
 * @param whiteouts whether whiteouts become overlay markers or deletions
 * @param limits    caps on size and entry count
 */
public record ExtractOptions(WhiteoutMode whiteouts, ExtractionLimits limits) {

    public static ExtractOptions overlay() {
        return new ExtractOptions(WhiteoutMode.OVERLAY, ExtractionLimits.DEFAULT);
    }

    public static ExtractOptions flattened() {
        return new ExtractOptions(WhiteoutMode.FLATTENED, ExtractionLimits.DEFAULT);
    }

    public ExtractOptions withLimits(ExtractionLimits newLimits) {
        return new ExtractOptions(whiteouts, newLimits);
    }
}
