package io.berth.engine.agent.instructions;

import io.berth.engine.agent.containers.ReportSink;
import io.berth.engine.agent.reports.ThrottledProgress;
import io.berth.engine.content.Digest;
import io.berth.engine.host.HostEngine;
import io.berth.engine.images.ImageInspection;
import io.berth.engine.images.ImageRecord;
import io.berth.engine.images.ImageReference;
import io.berth.engine.images.RemovalReport;
import io.berth.engine.images.archive.ArchiveImporter;
import io.berth.engine.images.archive.ImportResult;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ImageInstructions.ImportImage;
import io.berth.protocol.agent.ImageInstructions.RemoveImage;
import io.berth.protocol.agent.ImageInstructions.TagImage;
import io.berth.protocol.agent.ImageReports.ImageRemoved;
import io.berth.protocol.agent.ImageReports.ImageStored;
import io.berth.protocol.agent.ImageReports.ImageTagged;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Image instructions: import an uploaded archive, tag, remove. */
public final class ImageActions {

    private final HostEngine engine;
    private final ImageUploads uploads;

    public ImageActions(HostEngine engine, ImageUploads uploads) {
        this.engine = engine;
        this.uploads = uploads;
    }

    /** One ImageStored per image id the archive held, with all its names. */
    public void importImage(ImportImage importImage, ReportSink sink) throws IOException {
        ImportResult result;
        ImageUploads.Upload upload = uploads.open(importImage.uploadId());
        var progress = new ThrottledProgress(sink, AgentCodec.typeName(importImage), importImage.uploadId());
        try (InputStream archive = upload.stream()) {
            result = new ArchiveImporter(engine.content(), engine.images())
                    .importArchive(archive, importImage.defaultRepository(), upload.sizeBytes(), progress);
        } finally {
            progress.finish();
        }
        Map<Digest, List<ImageRecord>> byId = new LinkedHashMap<>();
        for (ImageRecord record : result.images()) {
            byId.computeIfAbsent(record.imageId(), id -> new ArrayList<>()).add(record);
        }
        for (Map.Entry<Digest, List<ImageRecord>> image : byId.entrySet()) {
            sink.report(stored(image.getKey(), image.getValue()));
        }
    }

    public void tag(TagImage tag, ReportSink sink) throws IOException {
        ImageReference target = ImageReference.parse(tag.target());
        ImageRecord record = engine.images().tag(tag.source(), target);
        sink.report(new ImageTagged(record.imageId().toString(), target.familiarString()));
    }

    public void remove(RemoveImage remove, ReportSink sink) throws IOException {
        Digest id = engine.images().resolve(remove.image()).imageId();
        RemovalReport report = engine.images().remove(remove.image(), remove.force());
        sink.report(new ImageRemoved(id.toString(),
                report.untagged().stream().map(ImageReference::familiarString).toList(), report.deleted() != null));
    }

    private ImageStored stored(Digest imageId, List<ImageRecord> records) throws IOException {
        ImageInspection inspection = engine.images().inspect(imageId.toString());
        List<String> names = records.stream().filter(r -> r.name().tag() != null)
                .map(r -> r.name().familiarString()).toList();
        return new ImageStored(imageId.toString(), records.get(0).target().digest().toString(), names,
                inspection.size(), null, ImageHistoryEntries.of(engine.images(), imageId.toString()));
    }
}
