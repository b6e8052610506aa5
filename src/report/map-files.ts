/**
 * Maps in `data/`: `<name>.topojson` and `<name>.geojson`. They are not tables
 * (no rows, no schema of columns): a chart reads them with Vega-Lite's
 * `format: { type: "topojson", feature | mesh }` (or as GeoJSON), and the build
 * inlines the parsed file like any other dataset. Each is checked to be the
 * kind its extension says, and held to the same size limit as a CSV.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Problem } from '../errors/report-error.ts';
import { MAX_CSV_BYTES, tooLargeProblem } from '../pipeline/load-csv.ts';

export const MAP_FILE = /^([a-z0-9][a-z0-9_-]*)\.(topojson|geojson)$/;

export interface MapFile {
  /** "world.topojson": how charts and the dataset list know it. */
  name: string;
  file: string;
  kind: 'topojson' | 'geojson';
  /** The parsed file, inlined into the charts that read it. */
  json: Record<string, unknown>;
  /** SHA-256 of the file (hex): compiled charts are cached by it. */
  digest: string;
}

const GEOJSON_TYPES = ['FeatureCollection', 'Feature', 'GeometryCollection', 'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'];

/** Load one map file; every problem is returned, never thrown. */
export async function loadMapFile(root: string, fileName: string): Promise<MapFile | Problem> {
  const match = MAP_FILE.exec(fileName)!;
  const file = `data/${fileName}`;
  const kind = match[2] as MapFile['kind'];
  const info = await stat(join(root, file));
  if (info.size > MAX_CSV_BYTES) return { ...tooLargeProblem(file, info.size), expected: `a map file of at most ${MAX_CSV_BYTES / 1_000_000} MB`, fix: 'simplify the map (fewer points, e.g. with mapshaper), or keep only the regions the chart shows' };
  let json: unknown;
  const text = await readFile(join(root, file), 'utf8');
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { file, expected: `a ${kind === 'topojson' ? 'TopoJSON' : 'GeoJSON'} file (JSON)`, found: (error as Error).message.split('\n')[0]!, fix: 'export the map again, or check the file is complete' };
  }
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  const ok = kind === 'topojson' ? type === 'Topology' : GEOJSON_TYPES.includes(String(type));
  if (!ok) {
    const expected = kind === 'topojson' ? 'a TopoJSON file ("type": "Topology")' : `a GeoJSON file ("type": one of ${GEOJSON_TYPES.join(', ')})`;
    return { file, expected, found: type === undefined ? 'no "type"' : JSON.stringify(type), fix: kind === 'topojson' ? 'rename a GeoJSON file to .geojson' : 'rename a TopoJSON file to .topojson' };
  }
  return { name: fileName, file, kind, json: json as Record<string, unknown>, digest: createHash('sha256').update(text).digest('hex') };
}
