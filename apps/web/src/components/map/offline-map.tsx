'use client';

// The map, drawn from our own data: a street grid, the delivery zone, the route and the markers
// (restaurant, drop-off, courier), with a scale bar and a north arrow. No tiles and no network
// unless a tile URL is configured. The courier glides between reported positions.
import type { PointerEvent, ReactNode } from 'react';

import type { GeoBox, GeoPoint } from '@tiffin/domain/client-safe';

import type { MapProjection } from './map-projection';
import { createProjection, gridLines, scaleBarFor } from './map-projection';
import { tileBox, tilesCovering, tileUrl } from './map-tiles';

export type MarkerKind = 'restaurant' | 'dropOff' | 'courier';

export interface MapMarker {
  kind: MarkerKind;
  point: GeoPoint;
  /** Shown beside the marker and read as part of the map's description. */
  label: string;
}

export interface OfflineMapProps {
  box: GeoBox;
  markers: readonly MapMarker[];
  /** A line from the first point to the last (e.g. restaurant → drop-off). */
  route?: readonly GeoPoint[];
  /** A circle, e.g. the restaurant's delivery area. */
  zone?: { centre: GeoPoint; radiusKm: number };
  /** What the map shows, in words: the accessible name of the picture. */
  description: string;
  /** A slippy-map URL template ({z}/{x}/{y}); null draws our own streets only. */
  tileUrl?: string | null;
  /** Called with the place a click or tap landed on. */
  onPick?: (point: GeoPoint, event: PointerEvent<SVGSVGElement>) => void;
  /** HTML laid over the map, in the same box (e.g. a draggable pin). */
  overlay?: ReactNode;
  testId?: string;
  className?: string;
}

/** SVG units across every map; CSS scales the picture to its container. */
export const MAP_WIDTH = 600;
const LABEL_SIZE = 17;

/** Drawn, not typed: an emoji or symbol font may be missing on the device. */
const MARKER_STYLE: Record<MarkerKind, { fill: string; glyph: string }> = {
  // A bowl with a rim.
  restaurant: { fill: '#b91c1c', glyph: 'M-7 -2 H7 A7 6 0 0 1 -7 -2 Z M-8.5 -4 H8.5 V-2 H-8.5 Z' },
  // A house, inside the pin's head.
  dropOff: { fill: '#1d4ed8', glyph: 'M0 -35 L8 -28 H5.5 V-20 H-5.5 V-28 H-8 Z' },
  // An arrowhead, heading out.
  courier: { fill: '#6d28d9', glyph: 'M-6 -7 L8 0 L-6 7 L-2.5 0 Z' },
};

function StreetGrid({ projection }: { projection: MapProjection }) {
  const { width, height, metresPerUnit } = projection;
  // About fifteen streets across whatever the zoom; every fifth is a main road.
  const minor = scaleBarFor(metresPerUnit, width / 15).metres;
  const lines = gridLines(projection, minor);
  return (
    <g aria-hidden="true">
      {lines.map((at, i) => {
        const main = (i + 1) % 5 === 0;
        const stroke = main ? '#fde68a' : '#ffffff';
        const strokeWidth = main ? 5 : 2.5;
        return (
          <g key={at}>
            {at < width && (
              <line x1={at} y1={0} x2={at} y2={height} stroke={stroke} strokeWidth={strokeWidth} />
            )}
            {at < height && (
              <line
                x1={0}
                y1={height - at}
                x2={width}
                y2={height - at}
                stroke={stroke}
                strokeWidth={strokeWidth}
              />
            )}
          </g>
        );
      })}
    </g>
  );
}

function Tiles({ projection, template }: { projection: MapProjection; template: string }) {
  return (
    <g aria-hidden="true">
      {tilesCovering(projection.box, projection.width).map((tile) => {
        const area = tileBox(tile);
        const nw = projection.project({ lat: area.north, lng: area.west });
        const se = projection.project({ lat: area.south, lng: area.east });
        return (
          <image
            key={`${tile.z}/${tile.x}/${tile.y}`}
            href={tileUrl(template, tile)}
            x={nw.x}
            y={nw.y}
            width={se.x - nw.x}
            height={se.y - nw.y}
            preserveAspectRatio="none"
          />
        );
      })}
    </g>
  );
}

function ScaleAndNorth({ projection }: { projection: MapProjection }) {
  const { width, height, metresPerUnit } = projection;
  const bar = scaleBarFor(metresPerUnit, width / 4);
  const x = 16;
  const y = height - 18;
  return (
    <g aria-hidden="true" fontFamily="system-ui, sans-serif" fontSize={15} fontWeight={600}>
      <rect
        x={x - 8}
        y={y - 26}
        width={bar.length + 16}
        height={38}
        rx={6}
        fill="#ffffff"
        opacity={0.85}
      />
      <path
        d={`M${x} ${y - 6} V${y} H${x + bar.length} V${y - 6}`}
        fill="none"
        stroke="#1c1917"
        strokeWidth={2.5}
      />
      <text x={x} y={y - 10} fill="#1c1917">
        {bar.label}
      </text>
      <g transform={`translate(${width - 30} 34)`}>
        <circle r={20} fill="#ffffff" opacity={0.9} stroke="#a8a29e" />
        <path d="M0 -14 L7 4 L0 0 L-7 4 Z" fill="#1c1917" />
        <text y={16} textAnchor="middle" fontSize={11} fill="#1c1917">
          N
        </text>
      </g>
    </g>
  );
}

function Marker({ marker, projection }: { marker: MapMarker; projection: MapProjection }) {
  const { x, y } = projection.project(marker.point);
  const style = MARKER_STYLE[marker.kind];
  const moving = marker.kind === 'courier';
  // Labels go on the side with room, so they stay inside the picture; the courier's sits above
  // its marker, clear of the restaurant's when it waits at the door.
  const labelWidth = marker.label.length * LABEL_SIZE * 0.6;
  const fitsRight = x + 20 + labelWidth < projection.width - 8;
  const fitsLeft = x - 20 - labelWidth > 8;
  const right = fitsRight || (!fitsLeft && projection.width - x >= x);
  const above = marker.kind === 'courier';
  const labelX = above ? 0 : right ? 20 : -20;
  const labelY = above ? -28 : marker.kind === 'dropOff' ? -22 : 5;
  return (
    <g
      data-testid={`map-marker-${marker.kind}`}
      data-lat={marker.point.lat.toFixed(5)}
      data-lng={marker.point.lng.toFixed(5)}
      // CSS transforms on SVG use user units: the courier glides to each new position.
      style={{ transform: `translate(${x}px, ${y}px)` }}
      className={
        moving
          ? 'transition-transform duration-1000 ease-linear motion-reduce:transition-none'
          : undefined
      }
    >
      {marker.kind === 'courier' && <circle r={22} fill={style.fill} opacity={0.18} />}
      {marker.kind === 'dropOff' ? (
        <path
          d="M0 0 C-4 -10 -14 -16 -14 -27 A14 14 0 1 1 14 -27 C14 -16 4 -10 0 0 Z"
          fill={style.fill}
          stroke="#ffffff"
          strokeWidth={2.5}
        />
      ) : (
        <circle r={13} fill={style.fill} stroke="#ffffff" strokeWidth={3} />
      )}
      <path d={style.glyph} fill="#ffffff" />
      <text
        x={labelX}
        y={labelY}
        textAnchor={above ? 'middle' : right ? 'start' : 'end'}
        fontFamily="system-ui, sans-serif"
        fontSize={LABEL_SIZE}
        fontWeight={700}
        fill="#1c1917"
        stroke="#ffffff"
        strokeWidth={4}
        paintOrder="stroke"
      >
        {marker.label}
      </text>
    </g>
  );
}

export function OfflineMap({
  box,
  markers,
  route,
  zone,
  description,
  tileUrl: template,
  onPick,
  overlay,
  testId,
  className,
}: OfflineMapProps) {
  const projection = createProjection(box, MAP_WIDTH);
  const { width, height } = projection;
  const routePoints = route?.map((p) => projection.project(p));
  const zoneRadius = zone ? (zone.radiusKm * 1000) / projection.metresPerUnit : 0;
  const zoneCentre = zone ? projection.project(zone.centre) : null;
  // The courier is drawn last, on top of the pins it passes.
  const ordered = [...markers].sort(
    (a, b) => Number(a.kind === 'courier') - Number(b.kind === 'courier'),
  );

  function handlePointer(event: PointerEvent<SVGSVGElement>) {
    if (!onPick) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const point = projection.unproject({
      x: ((event.clientX - rect.left) / rect.width) * width,
      y: ((event.clientY - rect.top) / rect.height) * height,
    });
    onPick(point, event);
  }

  return (
    <div
      className={`relative overflow-hidden rounded-2xl ring-1 ring-stone-200 ${className ?? ''}`}
    >
      <svg
        role="img"
        aria-label={description}
        viewBox={`0 0 ${width} ${Math.round(height)}`}
        className={`block h-auto w-full select-none ${onPick ? 'cursor-crosshair touch-none' : ''}`}
        data-testid={testId}
        data-map-box={`${box.south.toFixed(5)},${box.west.toFixed(5)},${box.north.toFixed(5)},${box.east.toFixed(5)}`}
        onPointerDown={onPick ? handlePointer : undefined}
      >
        <rect width={width} height={height} fill="#f1eee6" />
        {template ? (
          <Tiles projection={projection} template={template} />
        ) : (
          <StreetGrid projection={projection} />
        )}
        {zoneCentre && (
          <circle
            cx={zoneCentre.x}
            cy={zoneCentre.y}
            r={zoneRadius}
            fill="#16a34a"
            fillOpacity={0.07}
            stroke="#15803d"
            strokeWidth={2}
            strokeDasharray="8 6"
          />
        )}
        {routePoints && routePoints.length > 1 && (
          <polyline
            points={routePoints.map((p) => `${p.x},${p.y}`).join(' ')}
            fill="none"
            stroke="#6d28d9"
            strokeWidth={5}
            strokeLinecap="round"
            strokeDasharray="2 10"
          />
        )}
        {ordered.map((marker) => (
          <Marker key={marker.kind} marker={marker} projection={projection} />
        ))}
        <ScaleAndNorth projection={projection} />
      </svg>
      {overlay}
    </div>
  );
}
