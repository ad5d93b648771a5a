// A chart whose code (ECharts, the biggest part of the console) loads on its own, once the page around it is on
// screen: the page renders and takes input without waiting for it, and the chart fills its reserved space after.
import { lazy, Suspense, useEffect, useState } from 'react';
import type { ChartProps } from './EChart';

const EChart = lazy(() => import('./EChart'));

export function Chart(props: ChartProps) {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // After the next frame: evaluating ECharts and drawing would otherwise hold back the page's first paint.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setPainted(true))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  const placeholder = <div role="img" aria-label={props.label} aria-busy style={{ height: props.height }} />;
  return painted ? (
    <Suspense fallback={placeholder}>
      <EChart {...props} />
    </Suspense>
  ) : (
    placeholder
  );
}
