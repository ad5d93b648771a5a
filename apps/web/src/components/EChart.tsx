// ECharts with only the parts the console draws, so its chunk stays small. Loaded through Chart.tsx, on demand.
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendPlainComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([BarChart, LineChart, GridComponent, LegendPlainComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export interface ChartProps {
  option: EChartsOption;
  height: number;
  label: string;
  onClick?: (params: { dataIndex: number }) => void;
}

export default function EChart({ option, height, label, onClick }: ChartProps) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ aria: { enabled: true }, textStyle: { fontFamily: 'inherit' }, ...option }}
        style={{ height, width: '100%' }}
        notMerge
        onEvents={onClick ? { click: onClick } : undefined}
      />
    </div>
  );
}
