/**
 * The SchedulingPort contract, run against the FHIR adapter (over HTTP, through the
 * fault proxy, to the local FHIR server) and the memory adapter, on the same world.
 */
import { FhirClient } from '../../src/adapters/fhir/index.js';
import { FhirSchedulingPort } from '../../src/adapters/fhir/scheduling-port.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { schedulingDecisionContract } from './contract/scheduling-decisions.js';
import { schedulingPortContract, type SchedulingPortSubject } from './contract/scheduling-port.js';
import { fhirEndpoints, setFault } from './helpers.js';
import { buildFhirWorld, buildMemoryWorld, WORLD_NOW } from './scheduling-world.js';

const fhirSubject = async (): Promise<SchedulingPortSubject> => {
  const { fhirUrl, proxyUrl } = await fhirEndpoints();
  const direct = new FhirClient({ baseUrl: fhirUrl });
  const label = Math.random().toString(36).slice(2, 8);
  const world = await buildFhirWorld(direct, label);
  const patient = async (given: string) =>
    `Patient/${(await direct.create<Resource>({ resourceType: 'Patient', name: [{ given: [given], family: `Slot${label}` }] })).body.id}`;
  const patients: [string, string] = [await patient('Ada'), await patient('Bo')];
  const port = new FhirSchedulingPort(new FhirClient({ baseUrl: proxyUrl, maxRetries: 0 }), { now: () => WORLD_NOW });
  return {
    port,
    world,
    patients,
    // the proxy lets the server apply the next transaction, then drops the connection
    loseNextAnswer: () => setFault({ kind: 'drop-after', count: 1, methods: ['POST'] }),
    async appointmentsOf(ref) {
      const { resources } = await direct.searchAll('Appointment', { patient: ref, _count: 200 });
      return resources.map((r) => ({
        id: r.id!,
        status: String(r.status),
        slotId: (r.slot as { reference?: string }[] | undefined)?.[0]?.reference?.split('/')[1],
      }));
    },
    async slotStatus(id) {
      return String((await direct.read('Slot', id)).status);
    },
  };
};

const memorySubject = async (): Promise<SchedulingPortSubject> => {
  const { options, built } = buildMemoryWorld();
  const port = new MemorySchedulingPort(options);
  return {
    port,
    world: built,
    patients: ['Patient/ada', 'Patient/bo'],
    loseNextAnswer: async () => port.loseAnswers(1),
    async appointmentsOf(ref) {
      return port.allAppointments.filter((a) => a.patient === ref).map((a) => ({ id: a.id, status: a.status, slotId: a.slotId }));
    },
    async slotStatus(id) {
      return port.allSlots.find((x) => x.id === id)!.status;
    },
  };
};

for (const [name, subject] of [
  ['FHIR adapter → local FHIR server over HTTP', fhirSubject],
  ['memory adapter', memorySubject],
] as const) {
  schedulingPortContract(name, subject);
  schedulingDecisionContract(name, subject);
}
