// `check --kind advertizer-scenario`: the scenario Nimble Advertizer polls from its main handler (a GET of a
// JSON file or an app's answer), fetched and validated as Nimble would read it. Not a kind of the table:
// nothing is posted to it, so it is a check target only.
import { describeProblem, type AdvertizerScenarioProblem } from '../../kinds/advertizer-session/rules.js';
import { validateAdvertizerScenario } from '../../kinds/advertizer-session/scenario.js';
import type { Verdict } from '../check-case.js';
import { shownUrl } from '../shared.js';
import type { CheckTarget } from './kind.js';

/** At most this many problems in the verdict: the first ones say what to fix, the count says how much. */
const SHOWN = 5;

const listed = (problems: readonly AdvertizerScenarioProblem[]): string => {
  const shown = problems.slice(0, SHOWN).map(describeProblem);
  return problems.length > SHOWN ? `${shown.join('; ')}; and ${problems.length - SHOWN} more` : shown.join('; ');
};

/** The verdict on a scenario served: a miss for one Nimble cannot use, advice for fields it may ignore. */
export function judgeScenario(bytes: Uint8Array): Verdict {
  // The bytes, as validateAdvertizerScenario reads a file: a byte-order mark or bytes that are not UTF-8
  // are problems there, which decoding to text first would hide.
  const result = validateAdvertizerScenario(bytes);
  if (!result.valid) return { kind: 'miss', text: `Nimble cannot use this scenario (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}): ${listed(result.problems)}` };
  const { contents, rules, session_handler: handler } = result.scenario;
  const summary = `${contents.length} contents, ${rules.length} rules${handler === undefined ? '' : `, a session handler (check it with --kind advertizer-session ${shownUrl(handler.url)})`}`;
  if (result.warnings.length > 0) return { kind: 'advice', text: `${summary}; fields Nimble may ignore: ${listed(result.warnings)}` };
  return { kind: 'ok', text: summary };
}

export const advertizerScenarioCheck: CheckTarget = {
  name: 'advertizer-scenario',
  signed: false,
  cases: () => [
    {
      name: 'the scenario (a GET, as Nimble polls it)',
      expect: 'accept',
      method: 'GET',
      risk: 'Nimble gets no scenario: it inserts no ads, or goes on with the last one it read',
      redirectRisk: 'whether Nimble follows a redirect is not documented',
      judge: ({ bytes }) => judgeScenario(bytes),
    },
  ],
  help: { check: '\nadvertizer-scenario: GETs the scenario Nimble Advertizer polls, and validates it (contents, rules,\nsession handler).' },
};
