import { afterAll, beforeAll } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { adapterContract } from './adapters.contract';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
  // The dashboard's clients are built once from the standard environment: point them here.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emu.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  });
});

afterAll(async () => {
  await emu?.stop();
});

adapterContract({ name: 'the emulator', sqs: () => emu.sqs, dynamodb: () => emu.dynamodb });
