import type { ElementStats } from '../types';

export type HeatmapMetric = 'count' | 'active' | 'meanMs' | 'p90Ms' | 'incidents';

interface Overlays {
  add(elementId: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface ElementRegistry {
  get(id: string): { id: string; width?: number; height?: number; waypoints?: unknown; type?: string } | undefined;
}

/** The value a metric reads from an element's statistics; `null` when the element has none. */
export function metricValue(stats: ElementStats | undefined, metric: HeatmapMetric): number | null {
  if (!stats) return null;
  switch (metric) {
    case 'count':
      return stats.active + stats.completed + stats.canceled;
    case 'active':
      return stats.active;
    case 'incidents':
      return stats.incidents;
    default:
      return stats[metric];
  }
}

/** Green (low) through amber to red (high); `t` in [0, 1]. */
export function heatColour(t: number): string {
  const clamped = Math.max(0, Math.min(1, t));
  const hue = 130 - 130 * clamped;
  return `hsl(${hue.toFixed(0)}, 70%, 48%)`;
}

/**
 * diagram-js service: each element with a value is washed in its colour on the scale between the
 * smallest and largest value shown (a translucent fill over the shape, so the diagram stays
 * readable), with a badge carrying the value. Registered as the module `heatmapOverlays`.
 */
export class HeatmapOverlays {
  static $inject = ['overlays', 'elementRegistry'];
  constructor(
    private readonly overlays: Overlays,
    private readonly elementRegistry: ElementRegistry,
  ) {}

  show(elements: Record<string, ElementStats>, metric: HeatmapMetric, format: (value: number) => string): { min: number; max: number } {
    this.overlays.remove({ type: 'heatmap' });
    const values = Object.entries(elements)
      .map(([id, stats]) => [id, metricValue(stats, metric)] as const)
      .filter((entry): entry is readonly [string, number] => entry[1] !== null && entry[1] > 0 && !!this.elementRegistry.get(entry[0]));
    const numbers = values.map(([, value]) => value);
    const min = numbers.length ? Math.min(...numbers) : 0;
    const max = numbers.length ? Math.max(...numbers) : 0;
    for (const [id, value] of values) {
      const element = this.elementRegistry.get(id)!;
      if (element.waypoints) continue;
      const colour = heatColour(max === min ? 1 : (value - min) / (max - min));
      const fill = document.createElement('div');
      fill.className = 'heat-fill';
      fill.dataset.element = id;
      const round = element.type?.endsWith('Event') || element.type?.endsWith('Gateway');
      Object.assign(fill.style, {
        width: `${(element.width ?? 100) + 16}px`,
        height: `${(element.height ?? 80) + 16}px`,
        borderRadius: round ? '50%' : '14px',
        background: `radial-gradient(ellipse at center, ${colour} 35%, transparent 75%)`,
        opacity: '0.55',
        pointerEvents: 'none',
      });
      this.overlays.add(id, 'heatmap', { position: { top: -8, left: -8 }, html: fill });
      const badge = document.createElement('div');
      badge.className = 'heat-badge';
      badge.dataset.element = id;
      badge.textContent = format(value);
      badge.style.background = colour;
      this.overlays.add(id, 'heatmap', { position: { bottom: 12, right: (element.width ?? 100) / 2 + 20 }, html: badge });
    }
    return { min, max };
  }
}

export const heatmapOverlaysModule = {
  __init__: ['heatmapOverlays'],
  heatmapOverlays: ['type', HeatmapOverlays],
};
