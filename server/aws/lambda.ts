import 'server-only';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

/** Every function name, following ListFunctions' markers. */
export async function listFunctionNames(): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await getClients().lambda.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 }));
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? '').filter(Boolean));
      marker = page.NextMarker;
    } while (marker);
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  return names;
}
