/**
 * The shape of every stream translator: explicit state, a pure step function, and a `finish`
 * that always produces a well-formed tail; plus the one generic adapter that runs a translator
 * over an async iterable (architecture: "Canonical IR").
 */

export interface StreamTranslator<In, Out, State> {
  initial(): State;
  step(state: State, input: In): Out[];
  /** Closes whatever is open; called once when the input ends. */
  finish(state: State): Out[];
}

export async function* translateStream<In, Out, State>(
  translator: StreamTranslator<In, Out, State>,
  input: AsyncIterable<In>,
): AsyncGenerator<Out> {
  const state = translator.initial();
  for await (const item of input) yield* translator.step(state, item);
  yield* translator.finish(state);
}

/** Runs a translator over a finished list (tests, non-streaming replays). */
export function translateAll<In, Out, State>(
  translator: StreamTranslator<In, Out, State>,
  input: Iterable<In>,
): Out[] {
  const state = translator.initial();
  const out: Out[] = [];
  for (const item of input) out.push(...translator.step(state, item));
  out.push(...translator.finish(state));
  return out;
}
