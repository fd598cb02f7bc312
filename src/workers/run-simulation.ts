/** What the simulation worker does with one request (plain function, so it is tested without a worker). */
import { simulateRetentions } from '../domain/optimizer/simulate';
import type { SimulationMessage, SimulationRequest } from './protocol';

export function runSimulation(
  request: SimulationRequest,
  post: (message: SimulationMessage) => void,
): void {
  try {
    const outcomes = simulateRetentions(
      request.input,
      request.retentions,
      request.seed,
      (done, total) => post({ type: 'progress', done, total }),
    );
    post({ type: 'done', outcomes });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
