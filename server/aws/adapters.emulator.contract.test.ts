import { afterAll, beforeAll } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { adapterContract } from './adapters.contract';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});

afterAll(async () => {
  await emu?.stop();
});

adapterContract({ name: 'the emulator', sqs: () => emu.sqs, dynamodb: () => emu.dynamodb });
