/** The chart lint's rules (src/pipeline/lint-chart.ts), by the name a chart opts out with in `usermeta.lint`. */
export const LINT_RULES = {
  area: 'marks that have no visible area',
  clipped: 'data drawn outside the plot (a fixed scale domain that leaves values out)',
  null: 'null, undefined or NaN printed in a label, tooltip or aria text',
  overlap: 'labels that overlap each other or run outside the chart',
  series: 'lines that cannot be told apart',
  bounds: 'lower or upper bounds drawn as exact values',
} as const;
export type LintRule = keyof typeof LINT_RULES;
