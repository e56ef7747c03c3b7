import { KINDS_HELP, KIND_OPTIONS, makeBody } from '../kinds/index.js';
import { capitalized, type Command } from '../shared.js';

export const sign: Command = {
  name: 'sign',
  summary: 'print a body signed with a token, as WMSPanel or Nimble would send it',
  description: `Prints the JSON body WMSPanel (or Nimble) would send, of the --kind asked for, signed with the token.
${capitalized(KINDS_HELP.unsignedNames)} requests carry no signature: no token, no --forge.`,
  options: KIND_OPTIONS,
  async run(values, io) {
    io.out(makeBody(values, io).body);
    return 0;
  },
};
