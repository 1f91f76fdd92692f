import { describe, expect, it } from 'vitest';
import { layoutLineage, type RawLineage } from './images';

describe('layoutLineage', () => {
  it('puts commits right of their parent and tags beside their image', () => {
    const node = (imageId: string, parentImageId: string | null, references: string[]) => ({ imageId, references, hosts: ['h'], sizeBytes: 1, parentImageId, createdBy: parentImageId ? 'commit' : 'import', containerId: null, author: null, comment: null, createdAt: '2025-01-01T00:00:00Z' });
    const raw: RawLineage = {
      nodes: [node('sha256:base', null, ['busybox']), node('sha256:app', 'sha256:base', ['app:1'])],
      edges: [
        { kind: 'committed', from: 'sha256:base', to: 'sha256:app', containerId: 'c1', containerName: 'builder', author: 'ada', comment: null },
        { kind: 'tagged', from: 'sha256:base', to: 'busybox', containerId: null, containerName: null, author: null, comment: null },
        { kind: 'tagged', from: 'sha256:app', to: 'app:1', containerId: null, containerName: null, author: null, comment: null },
      ],
    };
    const layout = layoutLineage(raw);
    const at = (id: string) => layout.nodes.find((n) => n.id === id);
    expect(at('sha256:base')).toMatchObject({ depth: 0, row: 0 });
    expect(at('tag:sha256:base:busybox')).toMatchObject({ depth: 1, row: 0, kind: 'tag' });
    expect(at('sha256:app')).toMatchObject({ depth: 2, row: 1 });
    expect(layout.columns).toBe(4);
  });
});
