// ECharts with only the parts the console draws, so the dashboard chunk stays small.
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, AriaComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, AriaComponent, CanvasRenderer]);

export function Chart({
  option,
  height,
  label,
  onClick,
}: {
  option: EChartsOption;
  height: number;
  label: string;
  onClick?: (params: { dataIndex: number }) => void;
}) {
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
