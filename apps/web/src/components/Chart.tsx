// A chart whose code (ECharts, the biggest part of the console) loads on its own: the page around it renders and takes
// input without waiting for it, and the chart fills its reserved space when its chunk is in.
import { lazy, Suspense } from 'react';
import type { ChartProps } from './EChart';

const EChart = lazy(() => import('./EChart'));

export function Chart(props: ChartProps) {
  return (
    <Suspense fallback={<div role="img" aria-label={props.label} aria-busy style={{ height: props.height }} />}>
      <EChart {...props} />
    </Suspense>
  );
}
