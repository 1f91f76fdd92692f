import { getJson, query, sendBlob } from './client';

/** `ImageSummary`: an image across the fleet. */
export interface RawImageSummary {
  imageId: string;
  references: string[];
  hosts: string[];
  sizeBytes: number;
  parentImageId: string | null;
}

/** `ImageView`: an image on one host. */
export interface RawImageView {
  imageId: string;
  hostId: string;
  manifestDigest: string | null;
  references: string[];
  sizeBytes: number;
  parentImageId: string | null;
  createdBy: string | null;
  containerId: string | null;
  author: string | null;
  comment: string | null;
  createdAt: string | null;
}

export interface ImageRow {
  imageId: string;
  shortId: string;
  references: string[];
  hosts: string[];
  sizeBytes: number;
  parentImageId: string | null;
  createdBy: string | null;
  containerId: string | null;
  author: string | null;
  comment: string | null;
  createdAt: Date | null;
}

export const shortImageId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

export function fromSummary(raw: RawImageSummary): ImageRow {
  return {
    imageId: raw.imageId,
    shortId: shortImageId(raw.imageId),
    references: raw.references,
    hosts: raw.hosts,
    sizeBytes: raw.sizeBytes,
    parentImageId: raw.parentImageId,
    createdBy: null,
    containerId: null,
    author: null,
    comment: null,
    createdAt: null,
  };
}

export function fromHostImage(raw: RawImageView): ImageRow {
  return {
    imageId: raw.imageId,
    shortId: shortImageId(raw.imageId),
    references: raw.references,
    hosts: [raw.hostId],
    sizeBytes: raw.sizeBytes,
    parentImageId: raw.parentImageId,
    createdBy: raw.createdBy,
    containerId: raw.containerId,
    author: raw.author,
    comment: raw.comment,
    createdAt: raw.createdAt ? new Date(raw.createdAt) : null,
  };
}

export async function fetchFleetImages(): Promise<ImageRow[]> {
  return (await getJson<RawImageSummary[]>('/api/v1/images', 'loading images')).map(fromSummary);
}

export async function fetchHostImages(hostId: string): Promise<ImageRow[]> {
  return (await getJson<RawImageView[]>(`/api/v1/images/hosts/${encodeURIComponent(hostId)}`, `loading images on ${hostId}`)).map(fromHostImage);
}

export async function fetchImage(ref: string): Promise<ImageRow[]> {
  return (await getJson<RawImageView[]>(`/api/v1/images/${ref}`, `loading image ${ref}`)).map(fromHostImage);
}

export async function fetchImageHistory(ref: string): Promise<ImageRow[]> {
  return (await getJson<RawImageView[]>(`/api/v1/images/${ref}/history`, `loading the history of ${ref}`)).map(fromHostImage);
}

/** `/api/v1/dashboard/lineage`. */
export interface RawLineage {
  nodes: Array<{
    imageId: string;
    references: string[];
    hosts: string[];
    sizeBytes: number;
    parentImageId: string | null;
    createdBy: string | null;
    containerId: string | null;
    author: string | null;
    comment: string | null;
    createdAt: string;
  }>;
  edges: Array<{
    kind: 'committed' | 'built' | 'tagged';
    from: string;
    to: string;
    containerId: string | null;
    containerName: string | null;
    author: string | null;
    comment: string | null;
  }>;
}

export type LineageEdge = RawLineage['edges'][number];

export interface LineageNode {
  id: string;
  kind: 'image' | 'tag';
  label: string;
  /** Column: depth in the commit tree (tags sit right of their image). */
  depth: number;
  row: number;
}

export interface LineageLayout {
  nodes: LineageNode[];
  edges: LineageEdge[];
  columns: number;
  rows: number;
}

/**
 * Lays the graph out in columns: images by commit depth from their root, each image's tags in
 * the next column on the same row. Images whose parent is not in the graph are roots.
 */
export function layoutLineage(raw: RawLineage): LineageLayout {
  const ids = new Set(raw.nodes.map((n) => n.imageId));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const n of raw.nodes) {
    if (n.parentImageId && ids.has(n.parentImageId) && n.parentImageId !== n.imageId) {
      children.set(n.parentImageId, [...(children.get(n.parentImageId) ?? []), n.imageId]);
    } else {
      roots.push(n.imageId);
    }
  }
  const byId = new Map(raw.nodes.map((n) => [n.imageId, n]));
  const nodes: LineageNode[] = [];
  let row = 0;
  let columns = 1;
  const visited = new Set<string>();
  const place = (id: string, depth: number) => {
    if (visited.has(id)) return;
    visited.add(id);
    const n = byId.get(id);
    const label = n?.references[0] ?? shortImageId(id);
    nodes.push({ id, kind: 'image', label, depth: depth * 2, row });
    const tags = raw.edges.filter((e) => e.kind === 'tagged' && e.from === id);
    tags.forEach((t, i) => nodes.push({ id: `tag:${id}:${t.to}`, kind: 'tag', label: t.to, depth: depth * 2 + 1, row: row + i }));
    columns = Math.max(columns, depth * 2 + (tags.length ? 2 : 1));
    row += Math.max(1, tags.length);
    for (const child of children.get(id) ?? []) place(child, depth + 1);
  };
  roots.forEach((r) => place(r, 0));
  raw.nodes.forEach((n) => place(n.imageId, 0));
  return { nodes, edges: raw.edges, columns, rows: row };
}

export async function fetchLineage(): Promise<RawLineage> {
  return getJson<RawLineage>('/api/v1/dashboard/lineage', 'loading the image lineage');
}

/** One step of `/api/v1/images/{ref}/layers` (`ImageHistoryEntry`), newest first. */
export interface RawImageLayer {
  created: string | null;
  createdBy: string | null;
  author: string | null;
  comment: string | null;
  emptyLayer: boolean;
  layerDigest: string | null;
  diffId: string | null;
  sizeBytes: number;
}

export interface ImageLayer {
  created: Date | null;
  createdBy: string;
  author: string | null;
  comment: string | null;
  emptyLayer: boolean;
  digest: string | null;
  sizeBytes: number;
}

export function toImageLayer(raw: RawImageLayer): ImageLayer {
  return {
    created: raw.created ? new Date(raw.created) : null,
    createdBy: raw.createdBy ?? '',
    author: raw.author || null,
    comment: raw.comment || null,
    emptyLayer: raw.emptyLayer,
    digest: raw.layerDigest,
    sizeBytes: raw.sizeBytes,
  };
}

export async function fetchImageLayers(ref: string): Promise<ImageLayer[]> {
  return (await getJson<RawImageLayer[]>(`/api/v1/images/${ref}/layers`, `loading the layers of ${ref}`)).map(toImageLayer);
}

/** What `POST /api/v1/images/import` answers: the command whose progress the host reports. */
export interface ImportReceipt {
  commandId: string;
  outcome?: string;
}

/** Uploads a `docker save` or OCI archive to import on the least loaded host (or `host`). */
export function importArchive(file: Blob, host: string | null): Promise<ImportReceipt> {
  return sendBlob<ImportReceipt>(`/api/v1/images/import${query({ host })}`, 'importing the archive', file, 'application/x-tar');
}
