import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

// protobufjs' object form with int64 as strings, enums by name and bytes as base64: plain JSON that round-trips.
// (Not the proto3-JSON of `temporal workflow show -o json`: @temporalio/common's historyToJSON/historyFromJSON
// fail in this install, which nests a second protobufjs major under @temporalio/common.)
const JSON_FORM = { longs: String, enums: String, bytes: String } as const;

export function historyToJson(history: History): string {
  const message = temporal.api.history.v1.History.fromObject(history as Record<string, unknown>);
  return JSON.stringify(temporal.api.history.v1.History.toObject(message, JSON_FORM), null, 1);
}

/** Event ids come back as Long, so Worker.runReplayHistories takes the history as it is. */
export function historyFromJson(json: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.fromObject(JSON.parse(json) as Record<string, unknown>);
}
