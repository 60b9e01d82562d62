import { startDnsServer, type TestDnsServer } from '../../platform/testing/dns-server.ts';

/**
 * The DNS for forgery tests. Mail sent from the test's loopback passes SPF for customer.test, so DMARC passes for a
 * genuine customer; a customer.test From sent with an attacker.test envelope fails DMARC, and customer.test's policy
 * says reject (as a bank's or a large mail provider's does).
 */
export function startForgeryDns(): Promise<TestDnsServer> {
  return startDnsServer({
    'customer.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
    '_dmarc.customer.test': { TXT: ['v=DMARC1; p=reject'] },
    'attacker.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
    '_dmarc.attacker.test': { TXT: ['v=DMARC1; p=reject'] },
  });
}
