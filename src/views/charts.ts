import type { TopLevelSpec } from 'vega-lite'

/**
 * vega and vega-lite are loaded by the first chart drawn, not at start-up: together they add
 * about 24 MB to the process's resident memory (8 MB of it heap), and only the reports draw charts.
 */
let chartLibraries: Promise<[typeof import('vega'), typeof import('vega-lite')]> | null = null
const loadChartLibraries = () => (chartLibraries ??= Promise.all([import('vega'), import('vega-lite')]))

// Charts for the board's reports, drawn on the server: a vega-lite spec compiled to vega and
// rendered to SVG in Node (renderer 'none': no canvas, no browser), so a page needs no script.
// Each chart is an image with a title and a description for assistive technology, and the page
// shows the same numbers in a table beside it. Bars carry their numbers as direct labels and a
// series is named in its labels, so no figure is told by colour alone.

/** NHS identity colours (service manual, "Colours"); each has at least 4.5:1 against white. */
export const CHART_COLOURS = { blue: '#005eb8', darkBlue: '#003087', darkGrey: '#425563', text: '#212b32', grid: '#d8dde0' } as const

export interface ChartBar {
  /** The category, on the axis. */
  label: string
  /** Null when the figure is hidden (a small count): no bar, and the label says so. */
  value: number | null
  /** The direct label at the end of the bar, e.g. "12" or "Median 3 days". */
  text: string
  /** For grouped bars: the series, which the direct label also names. */
  series?: string
}

export interface ChartInput {
  /** Unique on the page: the title's and description's ids are made from it. */
  id: string
  title: string
  /** What the chart shows, in words, for people who cannot see it. */
  description: string
  bars: readonly ChartBar[]
  /** The value axis's title, e.g. "Applications" or "Days". */
  axisTitle: string
}

const SERIES_COLOURS = [CHART_COLOURS.blue, CHART_COLOURS.darkGrey]
const FONT = 'Frutiger W01, Arial, sans-serif'

function spec(input: ChartInput): TopLevelSpec {
  const grouped = input.bars.some((bar) => bar.series)
  const series = [...new Set(input.bars.map((bar) => bar.series ?? ''))]
  const categories = [...new Set(input.bars.map((bar) => bar.label))]
  const max = Math.max(1, ...input.bars.map((bar) => bar.value ?? 0))
  const y = { field: 'label', type: 'nominal' as const, sort: categories, title: null, axis: { labelLimit: 0, labelFontSize: 14, labelColor: CHART_COLOURS.text, ticks: false, domain: false } }
  const x = { field: 'value', type: 'quantitative' as const, title: input.axisTitle, scale: { domain: [0, Math.ceil(max * 1.35)] }, axis: { tickMinStep: 1, labelFontSize: 13, titleFontSize: 14, labelColor: CHART_COLOURS.text, titleColor: CHART_COLOURS.text, gridColor: CHART_COLOURS.grid, format: 'd' } }
  const yOffset = grouped ? { yOffset: { field: 'series', type: 'nominal' as const, sort: series } } : {}
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 300,
    height: { step: grouped ? 44 : 30 },
    background: 'white',
    padding: 8,
    config: { font: FONT, view: { stroke: null }, axis: { labelFont: FONT, titleFont: FONT } },
    data: { values: input.bars.map((bar) => ({ label: bar.label, value: bar.value ?? 0, text: bar.text, series: bar.series ?? '' })) },
    layer: [
      {
        mark: { type: 'bar', height: { band: grouped ? 0.8 : 0.7 } },
        encoding: {
          y,
          x,
          ...yOffset,
          color: { field: 'series', type: 'nominal', scale: { domain: series, range: SERIES_COLOURS.slice(0, Math.max(1, series.length)) }, legend: null },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 14, color: CHART_COLOURS.text },
        encoding: { y, x, ...yOffset, text: { field: 'text' } },
      },
    ],
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

/**
 * The chart as an SVG element to put in a page: role="img" named by its <title> and described by
 * its <desc>; its own marks hidden from assistive technology (the table beside it has the
 * numbers); sized by its viewBox so it shrinks on a narrow screen; no style attributes, so the
 * page's Content-Security-Policy (style-src 'self') holds.
 */
export async function renderChart(input: ChartInput): Promise<string> {
  const [vega, { compile }] = await loadChartLibraries()
  const view = new vega.View(vega.parse(compile(spec(input)).spec), { renderer: 'none' })
  try {
    const svg = await view.toSVG()
    const titleId = `${input.id}-title`
    const descId = `${input.id}-desc`
    const body = svg
      .replace(/^<svg[^>]*>/, '')
      .replace(/<\/svg>\s*$/, '')
      // Vega labels its marks for screen readers; here the image's name and description do that.
      .replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, '')
    const viewBox = /viewBox="([^"]+)"/.exec(svg)?.[1] ?? '0 0 400 200'
    if (/\sstyle="/.test(body)) throw new Error('A chart carries a style attribute, which the Content-Security-Policy refuses')
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="${viewBox}" role="img" aria-labelledby="${titleId}" aria-describedby="${descId}" focusable="false">` +
      `<title id="${titleId}">${escapeXml(input.title)}</title><desc id="${descId}">${escapeXml(input.description)}</desc>${body}</svg>`
    )
  } finally {
    view.finalize()
  }
}
