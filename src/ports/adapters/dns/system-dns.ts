import { lookup } from 'node:dns/promises';
import type { DnsPort } from '../../ports.js';

/** The machine's resolver (getaddrinfo): every address of a host, in the resolver's order. */
export const systemDns: DnsPort = {
  async resolve(host) {
    const answers = await lookup(host, { all: true, verbatim: true });
    return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
  },
};
