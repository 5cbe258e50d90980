import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChartLib } from '../report/render-report.js';

let cached: ChartLib | undefined;

/** Apache ECharts' minified browser build, from the installed package, to inline into the report and the dashboard. */
export function chartLib(): ChartLib {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = require.resolve('echarts/dist/echarts.min.js');
  const version = (JSON.parse(readFileSync(require.resolve('echarts/package.json'), 'utf8')) as { version: string })
    .version;
  cached = { name: `Apache ECharts ${version} (Apache-2.0), dist/echarts.min.js`, source: readFileSync(file, 'utf8') };
  return cached;
}
