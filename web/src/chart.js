// chart.js — ECharts, tree-shaken: only echarts/core with the bar and line charts, the grid,
// legend and title components and the canvas renderer (no tooltip: its HTML would need inline
// styles, which the CSP forbids). Every chart has role="img" and a text label.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { h } from './dom.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, CanvasRenderer]);

const PALETTE = ['#0b5f8a', '#c26b00', '#2e7d32', '#6a1b9a', '#ad1457'];

// A chart of `option` in a box labelled `label`; resized with its box (ResizeObserver), disposed
// once the box has left the page.
export function chart(label, option) {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': label });
  requestAnimationFrame(() => {
    if (!box.isConnected) return;
    const c = echarts.init(box, null, { renderer: 'canvas' });
    c.setOption({ color: PALETTE, animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    const seen = new ResizeObserver(() => (box.isConnected ? c.resize() : (seen.disconnect(), c.dispose())));
    seen.observe(box);
  });
  return box;
}
