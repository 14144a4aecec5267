import type { MachineInfo } from './bench-support';
import type { SuiteFigures, SuiteOptions } from './bench-suite';

export interface BenchResults extends SuiteFigures {
  readonly generatedAt: string;
  readonly durationSeconds: number;
  readonly machine: MachineInfo;
  readonly database: string;
  readonly settings: SuiteOptions;
}

export function renderReport(results: BenchResults): string {
  return `# Benchmarks\n\n\`\`\`json\n${JSON.stringify(results, null, 2)}\n\`\`\`\n`;
}
