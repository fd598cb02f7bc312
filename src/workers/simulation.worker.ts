/** The retention simulator's module worker: a year of simulated reviews per candidate retention, off the UI thread. */
import type { SimulationMessage, SimulationRequest } from './protocol';
import { runSimulation } from './run-simulation';

const scope = self as unknown as {
  postMessage: (message: SimulationMessage) => void;
  onmessage: ((event: MessageEvent<SimulationRequest>) => void) | null;
};

scope.onmessage = (event) => {
  if (event.data?.type !== 'simulate') return;
  runSimulation(event.data, (message) => scope.postMessage(message));
};
